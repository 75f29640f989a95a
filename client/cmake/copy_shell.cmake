# Copies the page shell and translation tables into dist/, writes i18n/index.json
# (the languages on offer, read from each table's "_meta") and stamps the service
# worker with a version that changes whenever any shipped file changes.
# Usage: cmake -DWEB=web -DI18N=assets/i18n -DDIST=build/web/dist -P copy_shell.cmake
file(MAKE_DIRECTORY ${DIST}/i18n ${DIST}/icons)

file(GLOB shell_files ${WEB}/*.html ${WEB}/*.js ${WEB}/*.css ${WEB}/*.webmanifest)
list(FILTER shell_files EXCLUDE REGEX "/sw\\.js$")
file(COPY ${shell_files} DESTINATION ${DIST})
file(GLOB icons ${WEB}/icons/*)
file(COPY ${icons} DESTINATION ${DIST}/icons)
# The centre app's page (/staff/): its own start URL and manifest; its wasm is linked there.
file(GLOB staff_pages ${WEB}/staff/*)
file(COPY ${staff_pages} DESTINATION ${DIST}/staff)

# Adding a language is adding a table: the index is derived, never edited by hand.
file(GLOB tables ${I18N}/*.json)
list(SORT tables)
set(index "[")
set(sep "")
foreach(table ${tables})
  get_filename_component(tag ${table} NAME_WE)
  file(READ ${table} text)
  string(JSON name GET "${text}" _meta name)
  string(JSON dir GET "${text}" _meta dir)
  string(APPEND index "${sep}{\"tag\":\"${tag}\",\"name\":\"${name}\",\"dir\":\"${dir}\"}")
  set(sep ",")
  file(COPY ${table} DESTINATION ${DIST}/i18n)
endforeach()
string(APPEND index "]")
file(WRITE ${DIST}/i18n/index.json.tmp "${index}\n")
file(COPY_FILE ${DIST}/i18n/index.json.tmp ${DIST}/i18n/index.json ONLY_IF_DIFFERENT)
file(REMOVE ${DIST}/i18n/index.json.tmp)

# The precache lists: everything each app needs to start with no network. The pages load
# the .wasm.gz where they can; a plain .wasm is cached on first use.
file(GLOB_RECURSE shipped RELATIVE ${DIST} ${DIST}/*)
list(FILTER shipped EXCLUDE REGEX "(^|/)\\.|^sw\\.js$|^mawid\\.wasm$|^staff/mawid-staff\\.wasm$")
list(SORT shipped)
set(hash_input "")
set(precache "")
set(staff_precache "")
foreach(f ${shipped})
  file(SHA256 ${DIST}/${f} h)
  string(APPEND hash_input "${f}:${h};")
  if(f MATCHES "^staff/")
    string(APPEND staff_precache "  './${f}',\n")
  else()
    string(APPEND precache "  './${f}',\n")
  endif()
endforeach()
string(SHA256 build_hash "${hash_input}")
string(SUBSTRING ${build_hash} 0 12 MAWID_BUILD)
set(MAWID_PRECACHE "${precache}")
set(MAWID_STAFF_PRECACHE "${staff_precache}")
configure_file(${WEB}/sw.js ${DIST}/sw.js @ONLY)
