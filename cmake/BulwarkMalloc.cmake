# The allocator of the programs users run (bulwark and the benchmark programs that stand for it).
#
# bulwark allocates many small, short-lived blocks: strings and vectors of findings, container
# lists, HTTP buffers, the parts of a parse that do not live in a node arena. glibc's malloc spends
# about a hundred instructions on each malloc/free pair; mimalloc (Debian's libmimalloc-dev) a
# fraction of that. Measured with callgrind on this machine: a webhook request (bench/server
# Handle) 237k -> 217k instructions, the whole server under h2load 336k -> 310k per request, a
# scan of the 434 corpus Dockerfiles 204.7M -> 180.0M.
#
# BULWARK_MALLOC: AUTO (mimalloc when its library is installed, unless a sanitizer, TSan or fuzz
# build, whose runtimes replace malloc themselves), mimalloc (required), or system.
set(BULWARK_MALLOC AUTO CACHE STRING "Allocator of the bulwark executable (AUTO, mimalloc, system)")
set_property(CACHE BULWARK_MALLOC PROPERTY STRINGS AUTO mimalloc system)

set(BULWARK_MALLOC_LIBRARY "")
if(BULWARK_MALLOC STREQUAL "AUTO" AND (BULWARK_SANITIZE OR BULWARK_TSAN OR BULWARK_FUZZ))
  message(STATUS "Allocator: system malloc (sanitizer or fuzz build)")
elseif(BULWARK_MALLOC STREQUAL "system")
  message(STATUS "Allocator: system malloc (BULWARK_MALLOC=system)")
else()
  find_library(BULWARK_MIMALLOC_PATH NAMES mimalloc)
  if(BULWARK_MIMALLOC_PATH)
    set(BULWARK_MALLOC_LIBRARY ${BULWARK_MIMALLOC_PATH})
    message(STATUS "Allocator: mimalloc (${BULWARK_MIMALLOC_PATH})")
  elseif(BULWARK_MALLOC STREQUAL "mimalloc")
    message(FATAL_ERROR "BULWARK_MALLOC=mimalloc but libmimalloc is not installed (apt-get install libmimalloc-dev)")
  else()
    message(STATUS "Allocator: system malloc (libmimalloc-dev is not installed)")
  endif()
endif()

# bulwark_use_allocator(<executable>): links the chosen allocator. Linking the shared mimalloc
# replaces malloc/free/new/delete for the whole process (its symbols come before the C library's
# in the lookup order); --no-as-needed keeps it even though no object names one of its symbols.
function(bulwark_use_allocator target)
  if(BULWARK_MALLOC_LIBRARY)
    target_link_libraries(${target} PRIVATE "-Wl,--push-state,--no-as-needed" ${BULWARK_MALLOC_LIBRARY}
                          "-Wl,--pop-state")
  endif()
endfunction()
