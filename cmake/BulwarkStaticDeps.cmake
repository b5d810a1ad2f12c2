# Links the C libraries bulwark carries but a typical run barely touches (OpenSSL, libarchive and
# its compressors, SQLite, nghttp2, libyaml, RE2) from their static archives. Loading them as
# shared objects costs every process a few milliseconds of dynamic loading, relocation and page
# faults (`bulwark --version` 7.7 -> 3.1 ms CPU), which editor integrations and pre-commit hooks
# pay on every file. Sanitizer and fuzz builds keep shared linking: their runtimes interpose on
# the C library and gain nothing from it.
#
# Include after find_package(OpenSSL) and the pkg_check_modules() calls; rewrites the imported
# targets in place so layers keep linking PkgConfig::ARCHIVE, OpenSSL::SSL, SQLite::SQLite3 ...
#
# BULWARK_STATIC_DEPS: AUTO (ON unless BULWARK_SANITIZE/BULWARK_TSAN/BULWARK_FUZZ), ON or OFF. When
# an archive is missing the build falls back to shared linking and says which one.
set(BULWARK_STATIC_DEPS AUTO CACHE STRING
    "Link OpenSSL, libarchive, SQLite, nghttp2, libyaml, RE2 and Nettle from static archives (AUTO, ON, OFF)")
set_property(CACHE BULWARK_STATIC_DEPS PROPERTY STRINGS AUTO ON OFF)

# bulwark_static_archive(<out> <name> <dir>...): full path of lib<name>.a, or <out>-NOTFOUND.
function(bulwark_static_archive out name)
  find_library(archive_path NAMES lib${name}.a HINTS ${ARGN} NO_CACHE)
  set(${out} ${archive_path} PARENT_SCOPE)
endfunction()

# bulwark_archive_or_shared(<out> <name> <dir>...): lib<name>.a when present, else the shared
# library. A machine with only the runtime package (libzstd1, no libzstd-dev) has no libzstd.so
# link symlink, only libzstd.so.1: link that file, which records the same DT_NEEDED entry.
function(bulwark_archive_or_shared out name)
  # The C library's own parts stay shared: libm.a or libdl.a in a dynamic program breaks.
  if(name MATCHES "^(m|dl|pthread|rt|c)$")
    set(${out} ${name} PARENT_SCOPE)
    return()
  endif()
  set(dirs ${ARGN} ${CMAKE_CXX_IMPLICIT_LINK_DIRECTORIES})
  bulwark_static_archive(found ${name} ${dirs})
  if(NOT found)
    find_library(found NAMES ${name} HINTS ${dirs} NO_CACHE)
  endif()
  if(NOT found)
    set(candidates "")
    foreach(dir IN LISTS dirs)
      file(GLOB versioned ${dir}/lib${name}.so.[0-9]*)
      list(APPEND candidates ${versioned})
    endforeach()
    # The shortest name is the soname (libbz2.so.1.0 rather than libbz2.so.1.0.8).
    foreach(candidate IN LISTS candidates)
      string(LENGTH "${candidate}" length)
      if(NOT found OR length LESS found_length)
        set(found ${candidate})
        set(found_length ${length})
      endif()
    endforeach()
  endif()
  if(NOT found)
    set(found ${name})  # let the linker search; fails loudly at link time if truly absent
  endif()
  set(${out} ${found} PARENT_SCOPE)
endfunction()

function(bulwark_use_static_deps)
  if(BULWARK_STATIC_DEPS STREQUAL "AUTO")
    if(BULWARK_SANITIZE OR BULWARK_TSAN OR BULWARK_FUZZ)
      message(STATUS "Static dependencies: off (sanitizer or fuzz build)")
      return()
    endif()
  elseif(NOT BULWARK_STATIC_DEPS)
    message(STATUS "Static dependencies: off (BULWARK_STATIC_DEPS=${BULWARK_STATIC_DEPS})")
    return()
  endif()

  get_filename_component(ssl_dir "${OPENSSL_SSL_LIBRARY}" DIRECTORY)
  get_filename_component(crypto_dir "${OPENSSL_CRYPTO_LIBRARY}" DIRECTORY)
  get_filename_component(sqlite_dir "${SQLite3_LIBRARY}" DIRECTORY)
  # <result variable>:<library>:<variable naming the directories to search first>
  set(needed ssl_a:ssl:ssl_dir crypto_a:crypto:crypto_dir
      archive_a:archive:ARCHIVE_STATIC_LIBRARY_DIRS nghttp2_a:nghttp2:NGHTTP2_STATIC_LIBRARY_DIRS
      yaml_a:yaml:YAML_STATIC_LIBRARY_DIRS re2_a:re2:RE2_STATIC_LIBRARY_DIRS
      nettle_a:nettle:NETTLE_STATIC_LIBRARY_DIRS)
  if(SQLite3_FOUND)
    list(APPEND needed sqlite_a:sqlite3:sqlite_dir)
  endif()
  set(missing "")
  foreach(entry IN LISTS needed)
    string(REPLACE ":" ";" parts "${entry}")
    list(POP_FRONT parts var name dirs)
    bulwark_static_archive(${var} ${name} ${${dirs}})
    if(NOT ${var})
      list(APPEND missing lib${name}.a)
    endif()
  endforeach()
  if(missing)
    list(JOIN missing ", " missing_text)
    message(STATUS "Static dependencies: off, shared linking (missing ${missing_text})")
    return()
  endif()

  # OpenSSL: the archives carry the same OPENSSLDIR/MODULESDIR as the shared build, so the
  # configuration file, the CA store and provider modules are found where they were before.
  set_target_properties(OpenSSL::Crypto PROPERTIES IMPORTED_LOCATION ${crypto_a})
  set_target_properties(OpenSSL::SSL PROPERTIES IMPORTED_LOCATION ${ssl_a})
  set_property(TARGET OpenSSL::Crypto APPEND PROPERTY INTERFACE_LINK_LIBRARIES
               Threads::Threads ${CMAKE_DL_LIBS})

  set_target_properties(PkgConfig::NGHTTP2 PROPERTIES INTERFACE_LINK_LIBRARIES ${nghttp2_a})
  set_target_properties(PkgConfig::YAML PROPERTIES INTERFACE_LINK_LIBRARIES ${yaml_a})
  set_target_properties(PkgConfig::NETTLE PROPERTIES INTERFACE_LINK_LIBRARIES ${nettle_a})
  set_target_properties(PkgConfig::RE2 PROPERTIES INTERFACE_LINK_LIBRARIES
                        "${re2_a};Threads::Threads")

  # libarchive's private dependencies come from `pkg-config --static` (Libs.private), each from
  # its own archive when one is installed, else shared. The linker takes from an archive only the
  # members something references: bulwark reads tar, so libxml2 (xar) and nettle (digests for
  # writers) contribute nothing; --as-needed (Debian's gcc default, spelled out for clang) keeps
  # a shared fallback that nothing references out of the program's DT_NEEDED list.
  # LIBARCHIVE_STATIC (Cflags.private) only changes declarations on Windows; left out so the
  # image and CLI objects keep their compile flags.
  add_link_options(LINKER:--as-needed)
  set(archive_libs ${archive_a})
  set(xml2_used FALSE)
  foreach(name IN LISTS ARCHIVE_STATIC_LIBRARIES)
    if(name STREQUAL "archive")
      continue()
    endif()
    bulwark_archive_or_shared(lib ${name} ${ARCHIVE_STATIC_LIBRARY_DIRS})
    list(APPEND archive_libs ${lib})
    if(name STREQUAL "xml2" AND lib MATCHES "\\.a$")
      set(xml2_used TRUE)
    endif()
  endforeach()
  # libarchive.pc names -lxml2 but not what libxml2.a itself needs (ICU, zlib, liblzma): take
  # those from libxml-2.0.pc. Only a program that reaches the xar code pulls them in.
  if(xml2_used)
    pkg_check_modules(ARCHIVE_XML2 QUIET libxml-2.0)
    set(xml2_deps ${ARCHIVE_XML2_STATIC_LIBRARIES})
    if(NOT ARCHIVE_XML2_FOUND)
      set(xml2_deps icui18n icuuc icudata z lzma m)
    endif()
    foreach(name IN LISTS xml2_deps)
      if(NOT name STREQUAL "xml2")
        bulwark_archive_or_shared(lib ${name} ${ARCHIVE_XML2_STATIC_LIBRARY_DIRS}
                                  ${ARCHIVE_STATIC_LIBRARY_DIRS})
        list(APPEND archive_libs ${lib})
      endif()
    endforeach()
  endif()
  set_target_properties(PkgConfig::ARCHIVE PROPERTIES INTERFACE_LINK_LIBRARIES "${archive_libs}")

  if(SQLite3_FOUND)
    set_target_properties(SQLite::SQLite3 PROPERTIES IMPORTED_LOCATION ${sqlite_a}
                          INTERFACE_LINK_LIBRARIES "m;Threads::Threads;${CMAKE_DL_LIBS}")
  endif()

  list(JOIN archive_libs " " archive_text)
  message(STATUS "Static dependencies: on (OpenSSL, libarchive, SQLite, nghttp2, libyaml, RE2, Nettle); "
                 "libarchive links ${archive_text}")
endfunction()

# FindSQLite3 creates SQLite::SQLite3 only once per directory tree: finding it here, before the
# layers, lets src/image pick up the rewritten target.
find_package(SQLite3 QUIET)
bulwark_use_static_deps()
