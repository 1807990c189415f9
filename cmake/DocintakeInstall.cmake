# Install rules for the library (included from lib/CMakeLists.txt, where the targets live).
#   cmake --install build --prefix P --component docintake
# puts headers, libraries, the CMake package, pkg-config files, the OCR model,
# the barcode worker and the Python binding under P. The installed library finds
# the model and the worker relative to itself (lib/src/util/install_dirs.cpp),
# then at the configured prefix, then in the source/build tree.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(DOCINTAKE_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/docintake)
set(DOCINTAKE_INSTALL_MODELDIR ${CMAKE_INSTALL_DATADIR}/docintake/models)
set(DOCINTAKE_INSTALL_WORKERDIR ${CMAKE_INSTALL_LIBEXECDIR}/docintake)
set(DOCINTAKE_PYTHON_INSTALL_DIR ${CMAKE_INSTALL_LIBDIR}/python3/dist-packages CACHE STRING
    "Where the Python binding (python/docintake) is installed, relative to the prefix")

# Only the two files that look for them: the rest of the library keeps its objects.
set_source_files_properties(src/ocr/line_ocr.cpp PROPERTIES COMPILE_DEFINITIONS
  "DOCINTAKE_INSTALLED_MODEL_DIR=\"${CMAKE_INSTALL_FULL_DATADIR}/docintake/models\"")
set_source_files_properties(src/barcode/worker_client.cpp PROPERTIES COMPILE_DEFINITIONS
  "DOCINTAKE_INSTALLED_WORKER=\"${CMAKE_INSTALL_FULL_LIBEXECDIR}/docintake/docintake-barcode-worker\"")
set_source_files_properties(src/ocr/model_probe.cpp PROPERTIES COMPILE_DEFINITIONS
  "DOCINTAKE_INSTALLED_MODEL_PROBE=\"${CMAKE_INSTALL_FULL_LIBEXECDIR}/docintake/docintake-model-probe\"")

foreach(target docintake docintake_parsers)
  target_include_directories(${target} INTERFACE $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
endforeach()
set_target_properties(docintake_parsers PROPERTIES EXPORT_NAME parsers)
set(DOCINTAKE_INSTALL_TARGETS docintake docintake_parsers)
# Installed names: docintake::docintake is the shared library, docintake::static the
# static one (in the build tree, `docintake` stays the static library the tests use).
# Sanitizer builds have no shared C++ library: there docintake::docintake is the static one.
if(TARGET docintake_shared)
  target_include_directories(docintake_shared INTERFACE $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  set_target_properties(docintake PROPERTIES EXPORT_NAME static)
  set_target_properties(docintake_shared PROPERTIES EXPORT_NAME docintake)
  list(APPEND DOCINTAKE_INSTALL_TARGETS docintake_shared)
endif()
if(TARGET docintake_c)
  target_include_directories(docintake_c INTERFACE $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  list(APPEND DOCINTAKE_INSTALL_TARGETS docintake_c)
endif()

install(TARGETS ${DOCINTAKE_INSTALL_TARGETS} EXPORT docintakeTargets COMPONENT docintake
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/lib/include/docintake ${CMAKE_CURRENT_BINARY_DIR}/include/docintake
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT docintake FILES_MATCHING PATTERN "*.h")
install(TARGETS docintake_barcode_worker COMPONENT docintake DESTINATION ${DOCINTAKE_INSTALL_WORKERDIR})
install(TARGETS docintake_model_probe COMPONENT docintake DESTINATION ${DOCINTAKE_INSTALL_WORKERDIR})
install(FILES ${PROJECT_SOURCE_DIR}/models/mrz.traineddata COMPONENT docintake DESTINATION ${DOCINTAKE_INSTALL_MODELDIR})
install(FILES ${PROJECT_SOURCE_DIR}/LICENSE ${PROJECT_SOURCE_DIR}/NOTICE COMPONENT docintake
  DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/docintake OPTIONAL)

# CMake package: find_package(docintake 0.1 CONFIG) -> docintake::docintake (C++, shared),
# docintake::static (C++, static; docintake::parsers with it), docintake::c (the C API, shared).
install(EXPORT docintakeTargets NAMESPACE docintake:: DESTINATION ${DOCINTAKE_INSTALL_CMAKEDIR} COMPONENT docintake)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/docintakeConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/docintakeConfig.cmake INSTALL_DESTINATION ${DOCINTAKE_INSTALL_CMAKEDIR}
  PATH_VARS DOCINTAKE_INSTALL_MODELDIR DOCINTAKE_INSTALL_WORKERDIR)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/docintakeConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/docintakeConfig.cmake ${CMAKE_CURRENT_BINARY_DIR}/docintakeConfigVersion.cmake
  DESTINATION ${DOCINTAKE_INSTALL_CMAKEDIR} COMPONENT docintake)

# pkg-config: relocatable (prefix found from the .pc file's own folder).
file(RELATIVE_PATH DOCINTAKE_PC_TO_PREFIX ${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig ${CMAKE_INSTALL_PREFIX})
string(REGEX REPLACE "/$" "" DOCINTAKE_PC_TO_PREFIX "${DOCINTAKE_PC_TO_PREFIX}")
foreach(pc docintake docintake-static docintake-c)
  configure_file(${PROJECT_SOURCE_DIR}/cmake/${pc}.pc.in ${CMAKE_CURRENT_BINARY_DIR}/${pc}.pc @ONLY)
  install(FILES ${CMAKE_CURRENT_BINARY_DIR}/${pc}.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig COMPONENT docintake)
endforeach()

# Python binding: the package plus where it finds libdocintake_c, relative to itself.
if(TARGET docintake_c)
  file(RELATIVE_PATH DOCINTAKE_PY_TO_LIB ${CMAKE_INSTALL_PREFIX}/${DOCINTAKE_PYTHON_INSTALL_DIR}/docintake
       ${CMAKE_INSTALL_FULL_LIBDIR})
  file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/python/_library_path.py
       "# Generated at build time: libdocintake_c relative to this folder.\nRELATIVE_LIBRARY = \"${DOCINTAKE_PY_TO_LIB}/libdocintake_c.so.0\"\n")
  install(FILES ${PROJECT_SOURCE_DIR}/python/docintake/__init__.py ${PROJECT_SOURCE_DIR}/python/docintake/_native.py
                ${CMAKE_CURRENT_BINARY_DIR}/python/_library_path.py
    DESTINATION ${DOCINTAKE_PYTHON_INSTALL_DIR}/docintake COMPONENT docintake)
endif()
