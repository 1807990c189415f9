# OpenCV found module by module, for when find_package(OpenCV) has no OpenCVConfig.cmake:
# in Debian only libopencv-dev holds it, and that package is not Multi-Arch: same and pulls
# in every module (viz, and with it VTK), so arm64 roots for cross builds carry only the
# module -dev packages (libopencv-core-dev, ...). Defines what OpenCVConfig.cmake would
# for docintake's use: OpenCV_FOUND, OpenCV_VERSION, OpenCV_INCLUDE_DIRS, OpenCV_LIBS
# (the modules asked for) and an imported target opencv_<module> per module present.
#   set(DOCINTAKE_OPENCV_COMPONENTS core imgproc ...) then include(DocintakeOpenCVModules)
find_path(OpenCV_INCLUDE_DIRS opencv2/core/version.hpp PATH_SUFFIXES opencv4 REQUIRED)
file(STRINGS "${OpenCV_INCLUDE_DIRS}/opencv2/core/version.hpp" _docintake_cv_version
     REGEX "^#define CV_VERSION_(MAJOR|MINOR|REVISION) +[0-9]+")
string(REGEX REPLACE ".*MAJOR +([0-9]+).*MINOR +([0-9]+).*REVISION +([0-9]+).*" "\\1.\\2.\\3"
       OpenCV_VERSION "${_docintake_cv_version}")
if(OpenCV_VERSION VERSION_LESS 4.5)
  message(FATAL_ERROR "OpenCV ${OpenCV_VERSION} found in ${OpenCV_INCLUDE_DIRS}; docintake needs 4.5")
endif()

# Modules docintake links beyond those asked for (lib/, tests/) are made targets when present.
set(OpenCV_LIBS "")
foreach(module IN LISTS DOCINTAKE_OPENCV_COMPONENTS ITEMS calib3d aruco freetype features2d flann)
  if(TARGET opencv_${module})
    continue()
  endif()
  find_library(OpenCV_${module}_LIBRARY opencv_${module})
  if(OpenCV_${module}_LIBRARY)
    add_library(opencv_${module} SHARED IMPORTED)
    set_target_properties(opencv_${module} PROPERTIES
      IMPORTED_LOCATION "${OpenCV_${module}_LIBRARY}"
      INTERFACE_INCLUDE_DIRECTORIES "${OpenCV_INCLUDE_DIRS}")
  endif()
endforeach()
foreach(module IN LISTS DOCINTAKE_OPENCV_COMPONENTS)
  if(NOT TARGET opencv_${module})
    message(FATAL_ERROR "OpenCV module ${module} not found (Debian: libopencv-${module}-dev)")
  endif()
  list(APPEND OpenCV_LIBS opencv_${module})
endforeach()
set(OpenCV_FOUND TRUE)
message(STATUS "OpenCV ${OpenCV_VERSION} by module (no OpenCVConfig.cmake): ${OpenCV_LIBS}")
