# Copies the page shell and translation tables into dist/, writes i18n/index.json
# (the languages on offer, read from each table's "_meta") and stamps the service
# worker with a version that changes whenever any shipped file changes.
# Usage: cmake -DWEB=web -DI18N=assets/i18n -DDIST=build/web/dist -P copy_shell.cmake
file(MAKE_DIRECTORY ${DIST}/i18n ${DIST}/icons)

file(GLOB shell_files ${WEB}/*.js ${WEB}/*.css ${WEB}/*.webmanifest)
list(FILTER shell_files EXCLUDE REGEX "/sw\\.js$")
file(COPY ${shell_files} DESTINATION ${DIST})
file(GLOB icons ${WEB}/icons/*)
file(COPY ${icons} DESTINATION ${DIST}/icons)
# The centre app's page (/staff/): its own start URL and manifest; its wasm is linked there.
file(GLOB staff_pages ${WEB}/staff/*)
list(FILTER staff_pages EXCLUDE REGEX "\\.html$")
file(COPY ${staff_pages} DESTINATION ${DIST}/staff)

# Scripts, styles and wasm get names that carry a hash of their content
# (app.1a2b3c4d5e.js), so the server lets browsers keep them for a year without asking
# again (docs/api.md, "Everything else: the web app"); the pages, always revalidated, are
# written here to name them. A wasm and its .gz share the plain wasm's hash: the page names
# one and fetches the other. Files not linked yet (the first run, before the wasm) keep
# their plain names.
set(versioned app.js staff.js style.css warmup.js mawid.js mawid.wasm staff/mawid-staff.js
    staff/mawid-staff.wasm)
set(renames "")
foreach(rel ${versioned})
  if(NOT EXISTS ${DIST}/${rel})
    continue()
  endif()
  file(SHA256 ${DIST}/${rel} h)
  string(SUBSTRING ${h} 0 10 h)
  string(REGEX MATCH "^(.*/)?([^/.]+)(\\..*)$" _ "${rel}")
  set(dir "${CMAKE_MATCH_1}")
  set(stem "${CMAKE_MATCH_2}")
  set(ext "${CMAKE_MATCH_3}")
  set(pairs "${rel}|${dir}${stem}.${h}${ext}")
  if(ext STREQUAL ".wasm")
    list(APPEND pairs "${rel}.gz|${dir}${stem}.${h}${ext}.gz")
  endif()
  foreach(pair ${pairs})
    string(REPLACE "|" ";" pair "${pair}")
    list(GET pair 0 from)
    list(GET pair 1 to)
    if(NOT EXISTS ${DIST}/${from})
      continue()
    endif()
    # Earlier builds' copies go: dist/ holds one version of each file.
    string(REGEX MATCH "\\.[^/]*$" from_ext "${to}")  # ".js", ".wasm.gz"
    string(REPLACE "${h}" "" from_ext "${from_ext}")
    string(REGEX REPLACE "^\\." "" from_ext "${from_ext}")
    file(GLOB stale ${DIST}/${dir}${stem}.*${from_ext})
    foreach(old ${stale})
      if(old MATCHES "/${stem}\\.[0-9a-f]+${from_ext}$" AND NOT old STREQUAL "${DIST}/${to}")
        file(REMOVE ${old})
      endif()
    endforeach()
    file(COPY_FILE ${DIST}/${from} ${DIST}/${to} ONLY_IF_DIFFERENT)
    list(APPEND renames "${from}|${to}")
  endforeach()
endforeach()

# The pages as written, naming the versioned files: each reference is written relative to
# its page ("../app.js" from staff/) or to the site (data-wasm="staff/mawid-staff.wasm").
foreach(page index.html staff/index.html)
  file(READ ${WEB}/${page} text)
  foreach(pair ${renames})
    string(REPLACE "|" ";" pair "${pair}")
    list(GET pair 0 from)
    list(GET pair 1 to)
    string(REPLACE "\"${from}\"" "\"${to}\"" text "${text}")
    string(REPLACE "\"../${from}\"" "\"../${to}\"" text "${text}")
    if(page MATCHES "^staff/" AND from MATCHES "^staff/")
      string(REPLACE "staff/" "" from_here "${from}")
      string(REPLACE "staff/" "" to_here "${to}")
      string(REPLACE "\"${from_here}\"" "\"${to_here}\"" text "${text}")
    endif()
  endforeach()
  file(WRITE ${DIST}/${page}.tmp "${text}")
  file(COPY_FILE ${DIST}/${page}.tmp ${DIST}/${page} ONLY_IF_DIFFERENT)
  file(REMOVE ${DIST}/${page}.tmp)
endforeach()

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
list(FILTER shipped EXCLUDE REGEX "(^|/)\\.|^sw\\.js$|\\.wasm$")
# Of a versioned file only its versioned copy is precached (the pages name nothing else).
foreach(pair ${renames})
  string(REPLACE "|" ";" pair "${pair}")
  list(GET pair 0 from)
  list(REMOVE_ITEM shipped ${from})
endforeach()
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
