# Points CMake at Debian's Emscripten (3.1.6). Its JS tools run under /usr/bin/node,
# which does not see Debian's node modules (acorn), so every em++ call gets NODE_PATH.
include(/usr/share/emscripten/cmake/Modules/Platform/Emscripten.cmake)

set(MAWID_EM_ENV ${CMAKE_COMMAND} -E env NODE_PATH=/usr/share/nodejs)
set(CMAKE_C_COMPILER_LAUNCHER ${MAWID_EM_ENV} CACHE STRING "" FORCE)
set(CMAKE_CXX_COMPILER_LAUNCHER ${MAWID_EM_ENV} CACHE STRING "" FORCE)
set(CMAKE_C_LINKER_LAUNCHER ${MAWID_EM_ENV} CACHE STRING "" FORCE)
set(CMAKE_CXX_LINKER_LAUNCHER ${MAWID_EM_ENV} CACHE STRING "" FORCE)
set(ENV{NODE_PATH} /usr/share/nodejs)
