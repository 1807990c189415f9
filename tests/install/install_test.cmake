# Installs docintake to a fresh temporary prefix and uses it from outside the
# source tree, as a developer embedding it would: the C and C++ examples built
# with CMake (find_package) and with pkg-config, run on a bundled frame, and the
# Python binding's tests run against the installed package.
#   cmake -DBUILD=<build dir> -DSOURCE=<source dir> -DWORK=<scratch dir> -P install_test.cmake
foreach(var BUILD SOURCE WORK)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "install_test: -D${var}= is required")
  endif()
endforeach()
set(prefix ${WORK}/prefix)
set(frame ${SOURCE}/examples/data/frames/camera_090001.jpg)
set(expected "document number: 11IL8VZK9")
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})

function(run what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "install_test: ${what} failed (${rc}):\n${out}\n${err}")
  endif()
  set(last_output "${out}" PARENT_SCOPE)
endfunction()

function(expect_read what program)
  run("${what}" ${program} ${frame})
  string(FIND "${last_output}" "${expected}" at)
  string(FIND "${last_output}" "status: valid" valid)
  if(at LESS 0 OR valid LESS 0)
    message(FATAL_ERROR "install_test: ${what} printed no valid reading:\n${last_output}")
  endif()
  message(STATUS "${what}: valid reading")
endfunction()

run("cmake --install" ${CMAKE_COMMAND} --install ${BUILD} --prefix ${prefix} --component docintake)
foreach(installed include/docintake/read_mrz.h include/docintake/c.h include/docintake/version_number.h
                  lib/libdocintake.a lib/libdocintake_parsers.a lib/libdocintake_c.so.0 lib/libdocintake.so.0
                  lib/cmake/docintake/docintakeConfig.cmake lib/cmake/docintake/docintakeConfigVersion.cmake
                  lib/pkgconfig/docintake.pc lib/pkgconfig/docintake-static.pc lib/pkgconfig/docintake-c.pc
                  share/docintake/models/mrz.traineddata libexec/docintake/docintake-barcode-worker
                  lib/python3/dist-packages/docintake/__init__.py share/doc/docintake/LICENSE)
  if(NOT EXISTS ${prefix}/${installed})
    message(FATAL_ERROR "install_test: ${installed} was not installed")
  endif()
endforeach()
# Only the C API leaves the shared library.
run("nm -D" nm -D --defined-only ${prefix}/lib/libdocintake_c.so.0)
string(REGEX MATCHALL "\n[0-9a-f]+ [TDBRW] [^\n]+" exported "\n${last_output}")
foreach(symbol ${exported})
  if(NOT symbol MATCHES " dit_[a-z_]+@@DOCINTAKE_C_0$")
    message(FATAL_ERROR "install_test: libdocintake_c exports more than dit_*: ${symbol}")
  endif()
endforeach()

# The shared C++ library: docintake's public names only (docintake::CamelCase).
run("nm -DC" nm -DC --defined-only ${prefix}/lib/libdocintake.so.0)
string(REGEX MATCHALL "\n[0-9a-f]+ [TDBRWV] [^\n]+" exported "\n${last_output}")
list(LENGTH exported count)
if(count LESS 100)
  message(FATAL_ERROR "install_test: libdocintake.so exports only ${count} symbols")
endif()
foreach(symbol ${exported})
  if(NOT symbol MATCHES " (typeinfo for |typeinfo name for |vtable for |VTT for )?docintake::[A-Z]")
    message(FATAL_ERROR "install_test: libdocintake.so exports a name outside the public API: ${symbol}")
  endif()
endforeach()

# CMake: find_package(docintake 0.1) from the prefix, in a project of its own.
run("configure the examples with CMake" ${CMAKE_COMMAND} -S ${SOURCE}/examples/installed -B ${WORK}/cmake-build
    -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH=${prefix})
run("build the examples with CMake" ${CMAKE_COMMAND} --build ${WORK}/cmake-build -j2)
expect_read("C example (CMake)" ${WORK}/cmake-build/read_image_c)
expect_read("C++ example, shared (CMake)" ${WORK}/cmake-build/read_image_cxx)
expect_read("C++ example, static (CMake)" ${WORK}/cmake-build/read_image_cxx_static)

# The scanner over a bundled sequence of camera frames.
file(GLOB sequence ${SOURCE}/examples/data/sequence/*.jpg)
run("scan example (CMake)" ${WORK}/cmake-build/scan_frames ${sequence})
if(NOT last_output MATCHES "done, ok" OR NOT last_output MATCHES "document number: 1P0332679\n")
  message(FATAL_ERROR "install_test: the scan example did not finish with the document:\n${last_output}")
endif()
message(STATUS "scan example (CMake): done")

# Barcodes: the frame has none, but searching it needs the sandboxed worker, which the
# shared library must find in the prefix's libexec/docintake by itself.
run("barcode example (CMake)" ${CMAKE_COMMAND} -E env --unset=DOCINTAKE_BARCODE_WORKER
    ${WORK}/cmake-build/read_barcodes ${frame})
if(NOT last_output MATCHES "^0 barcode")
  message(FATAL_ERROR "install_test: the barcode example printed:\n${last_output}")
endif()
message(STATUS "barcode example (CMake): the installed worker searched the frame")

# Store and hand off, in C (key from $DOCINTAKE_STORE_KEY) and C++ (key file in the
# store folder), each run twice against a loopback HTTP receiver that checks it got
# exactly one record per printed id, with the bearer token, and that no field was printed.
string(RANDOM LENGTH 64 ALPHABET 0123456789abcdef store_key)
function(expect_handoff what)
  run("${what}" /usr/bin/python3 ${SOURCE}/tests/install/handoff_receiver.py --token install-test-token ${ARGN})
  string(FIND "${last_output}" "received once each" received)
  if(received LESS 0)
    message(FATAL_ERROR "install_test: ${what}:\n${last_output}")
  endif()
  message(STATUS "${what}: stored, handed off, received once")
endfunction()
expect_handoff("store and hand off, C (CMake)" --runs 2 --
               ${CMAKE_COMMAND} -E env DOCINTAKE_STORE_KEY=${store_key}
               ${WORK}/cmake-build/store_and_handoff_c ${frame} ${WORK}/store-c {url} ar)
if(EXISTS ${WORK}/store-c/store.key)
  message(FATAL_ERROR "install_test: the C example made a key file although the key came from the environment")
endif()
expect_handoff("store and hand off, C++ (CMake)" --runs 2 --
               ${WORK}/cmake-build/store_and_handoff_cxx ${frame} ${WORK}/store-cxx {url} pt-BR)
run("stat the key file" stat -c %a ${WORK}/store-cxx/store.key)
if(NOT last_output STREQUAL "600\n")
  message(FATAL_ERROR "install_test: the store's key file has mode ${last_output}")
endif()

# A version of another major number is refused (SameMajorVersion).
file(WRITE ${WORK}/major/CMakeLists.txt
     "cmake_minimum_required(VERSION 3.22)\nproject(major LANGUAGES C CXX)\nfind_package(docintake 99 CONFIG REQUIRED)\n")
execute_process(COMMAND ${CMAKE_COMMAND} -S ${WORK}/major -B ${WORK}/major/build -DCMAKE_PREFIX_PATH=${prefix}
                RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)
if(rc EQUAL 0)
  message(FATAL_ERROR "install_test: find_package(docintake 99) accepted version 0.x")
endif()

# pkg-config: the same examples through the Makefile.
file(MAKE_DIRECTORY ${WORK}/pc-build)
run("build the examples with pkg-config" ${CMAKE_COMMAND} -E env PKG_CONFIG_PATH=${prefix}/lib/pkgconfig
    make -s -C ${SOURCE}/examples/installed OUT=${WORK}/pc-build)
expect_read("C example (pkg-config)" ${WORK}/pc-build/read_image_c)
expect_read("C++ example, shared (pkg-config)" ${WORK}/pc-build/read_image_cxx)
expect_read("C++ example, static (pkg-config)" ${WORK}/pc-build/read_image_cxx_static)
run("scan example (pkg-config)" ${WORK}/pc-build/scan_frames ${sequence})
# One store for both: the C++ program opens the C program's store with the same key,
# and the C program's record, delivered already, is not sent again.
expect_handoff("store and hand off, C (pkg-config)" -- ${CMAKE_COMMAND} -E env DOCINTAKE_STORE_KEY=${store_key}
               ${WORK}/pc-build/store_and_handoff_c ${frame} ${WORK}/store-pc {url} ar)
expect_handoff("store and hand off, C++ (pkg-config)" -- ${CMAKE_COMMAND} -E env DOCINTAKE_STORE_KEY=${store_key}
               ${WORK}/pc-build/store_and_handoff_cxx ${frame} ${WORK}/store-pc {url} ar)

# Python: the installed package finds the installed library by itself.
run("Python binding" ${CMAKE_COMMAND} -E env --unset=DOCINTAKE_C_LIBRARY
    PYTHONPATH=${prefix}/lib/python3/dist-packages DOCINTAKE_FRAMES=${SOURCE}/examples/data/frames
    /usr/bin/python3 ${SOURCE}/python/tests/test_docintake.py)
message(STATUS "Python binding: tests pass")

# The shared libraries load the model installed beside them, not the source tree's:
# with the installed one spoilt, they cannot make a reader.
file(WRITE ${prefix}/share/docintake/models/mrz.traineddata "not a model")
foreach(program ${WORK}/cmake-build/read_image_c ${WORK}/cmake-build/read_image_cxx)
  execute_process(COMMAND ${program} ${frame} RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)
  if(NOT rc EQUAL 2)
    message(FATAL_ERROR "install_test: ${program} did not use the installed model (exit ${rc} with it spoilt)")
  endif()
endforeach()
message(STATUS "the shared libraries use the model installed beside them")
