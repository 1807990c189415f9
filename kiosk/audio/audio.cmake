# Spoken prompts for the kiosk, made at build time with espeak-ng from the catalogs
# (kiosk/i18n/<code>.json) and the list of prompts (kiosk/audio/prompts.txt):
# <build>/kiosk/audio/<code>/<key>.wav. Only for languages espeak-ng has a voice for;
# the others (ps, ckb, ti, so) are silent unless recorded files are put in kiosk/voices/<code>/.
# Without espeak-ng the build goes on and the UI hides its speaker button.
find_program(DOCINTAKE_ESPEAK_NG espeak-ng)

# Kiosk language code -> espeak-ng voice. Dari is spoken with the Persian voice (close, not
# the same accent); Bosnian/Croatian/Serbian (Latin) with the Bosnian one; Kurmanji with "ku".
set(DOCINTAKE_KIOSK_VOICES
  en=en-gb fr=fr-fr de=de ar=ar prs=fa fa=fa ur=ur bn=bn kmr=ku
  tr=tr es=es uk=uk ru=ru sq=sq sh=bs mk=mk)

set(DOCINTAKE_KIOSK_AUDIO_DIR "${PROJECT_BINARY_DIR}/kiosk/audio")
set(_docintake_audio_src "${PROJECT_SOURCE_DIR}/kiosk")

if(NOT DOCINTAKE_ESPEAK_NG)
  message(STATUS "espeak-ng not found: the kiosk's spoken prompts are not generated (apt-get install espeak-ng)")
else()
  set(_docintake_audio_stamps "")
  foreach(pair IN LISTS DOCINTAKE_KIOSK_VOICES)
    string(REPLACE "=" ";" pair "${pair}")
    list(GET pair 0 code)
    list(GET pair 1 voice)
    set(catalog "${_docintake_audio_src}/i18n/${code}.json")
    set(stamp "${DOCINTAKE_KIOSK_AUDIO_DIR}/${code}/.made")
    add_custom_command(
      OUTPUT "${stamp}"
      COMMAND ${CMAKE_COMMAND} -DESPEAK=${DOCINTAKE_ESPEAK_NG} -DVOICE=${voice}
              -DCATALOG=${catalog} -DPROMPTS=${_docintake_audio_src}/audio/prompts.txt
              -DOUT_DIR=${DOCINTAKE_KIOSK_AUDIO_DIR}/${code}
              -P ${_docintake_audio_src}/audio/make_prompts.cmake
      DEPENDS "${catalog}" "${_docintake_audio_src}/audio/prompts.txt" "${_docintake_audio_src}/audio/make_prompts.cmake"
      COMMENT "Spoken prompts for ${code} (espeak-ng voice ${voice})"
      VERBATIM)
    list(APPEND _docintake_audio_stamps "${stamp}")
  endforeach()
  add_custom_target(docintake_kiosk_audio ALL DEPENDS ${_docintake_audio_stamps})
endif()
