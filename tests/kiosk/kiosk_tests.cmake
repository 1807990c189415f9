# The kiosk UI's checks (included by tests/CMakeLists.txt):
# - kiosk_catalogs_test: every language catalog has exactly en.json's keys (tools/check-catalogs);
# - kiosk_ui_test: browser tests against the real docintake-kiosk (tests/kiosk/run.sh), skipped
#   with a message when node or chromium is missing. Screenshots: <build>/kiosk-screenshots/.
find_program(DOCINTAKE_PYTHON3 python3 PATHS /usr/bin NO_DEFAULT_PATH)
if(NOT DOCINTAKE_PYTHON3)
  find_program(DOCINTAKE_PYTHON3 python3)
endif()
add_test(NAME kiosk_catalogs_test
         COMMAND ${DOCINTAKE_PYTHON3} ${PROJECT_SOURCE_DIR}/tools/check-catalogs ${PROJECT_SOURCE_DIR}/kiosk)

if(TARGET docintake_kiosk AND TARGET docintake_cli)
  add_test(NAME kiosk_ui_test
           COMMAND ${CMAKE_CURRENT_LIST_DIR}/run.sh $<TARGET_FILE:docintake_kiosk> $<TARGET_FILE:docintake_cli>
                   ${PROJECT_SOURCE_DIR}/kiosk ${PROJECT_BINARY_DIR}/tests/kiosk-node ${PROJECT_BINARY_DIR}/kiosk-screenshots)
  set_tests_properties(kiosk_ui_test PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 600 RUN_SERIAL TRUE
                       ENVIRONMENT "OMP_THREAD_LIMIT=1")
endif()
