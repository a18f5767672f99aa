# How a full build from nothing (CI's `packaging/dev.sh test`, which has no
# ccache) is cut.
#
# BERTH_PRECOMPILED_HEADERS: where parsing the same headers again for every
# source dominates (Qt in the GUI and its tests, Boost.Beast in the API server
# and the daemon), those targets include a precompiled header of them, made once
# per kind of target (the API server, the GUI library, GUI test, GUI executable)
# and reused by every target of that kind (REUSE_FROM). Same sources, same
# warnings (-Werror), same sanitizers. OFF by default: ccache cannot reuse
# precompiled headers, and day-to-day builds (one file at a time, through ccache)
# are faster without them. dev.sh turns it on.
#
# BERTH_UNITY_BUILD (experimental, off everywhere): each target is also compiled
# as "unity" batches of BERTH_BATCH_SIZE sources. This is where most of a cold
# build can go (8 sources of berth_compose: 36 s of CPU one by one, 10 s as one
# batch: code generation of the same templates is shared), but several targets
# still have sources that cannot share a batch (helpers of the same name in
# anonymous namespaces of two files); list such a source in berth_batch_alone()
# next to its target, or rename the helper, before turning it on.

option(BERTH_PRECOMPILED_HEADERS "Shared precompiled headers (fast cold builds; see cmake/batch_build.cmake)" OFF)
# The kinds of target (see _berth_pch_kind) that get one: -DBERTH_PCH_KINDS=...
# (of engine_server ui_library gui_test gui_executable). Every source of these
# kinds has been compiled with its header (-O2 and ASan, -Werror), but for the
# two in BERTH_PCH_SKIP.
if(NOT DEFINED BERTH_PCH_KINDS)
  set(BERTH_PCH_KINDS engine_server ui_library gui_test gui_executable)
endif()
option(BERTH_UNITY_BUILD "Unity batches of sources (experimental; see cmake/batch_build.cmake)" OFF)
set(BERTH_BATCH_SIZE 8 CACHE STRING "Sources per unity batch with BERTH_UNITY_BUILD")

# The headers most of the GUI's sources include (counted over ui/ and tests/gui/).
set(BERTH_PCH_STD <algorithm> <array> <charconv> <chrono> <cstdint> <expected> <filesystem> <format>
                  <fstream> <functional> <map> <memory> <mutex> <optional> <set> <sstream> <string>
                  <string_view> <thread> <utility> <vector> <nlohmann/json.hpp>)
set(BERTH_PCH_QT <QAbstractItemModel> <QApplication> <QHBoxLayout> <QHeaderView> <QLabel> <QLineEdit>
                 <QObject> <QPushButton> <QSettings> <QSortFilterProxyModel> <QString> <QStringList>
                 <QTimer> <QTreeView> <QVBoxLayout> <QWidget>)

# Sources compiled without the precompiled header of their target. GCC 14 at -O2
# decides inlining a little differently when more headers are in the translation
# unit, and can then see a false -Warray-bounds (an error with -Werror).
set(BERTH_PCH_SKIP
  tests/gui/models_test.cpp # "sha256:" + std::string(64, 'b'): memcpy "out of the bounds [0, 32]"
  tests/gui/image_actions_test.cpp # the same, line 271
)

# Sources of `target` compiled on their own, outside any batch.
function(berth_batch_alone target)
  if(BERTH_UNITY_BUILD)
    get_target_property(dir ${target} SOURCE_DIR)
    set_source_files_properties(${ARGN} DIRECTORY ${dir} PROPERTIES SKIP_UNITY_BUILD_INCLUSION ON)
  endif()
endfunction()

# Which precompiled header `target` shares: "" for none. Targets share one only
# where their flags agree: Qt's make position-independent code (-fPIC for a
# library, -fPIE for an executable) and QtTest's define changes what the Qt
# headers declare.
function(_berth_pch_kind target out)
  get_target_property(type ${target} TYPE)
  get_target_property(libs ${target} LINK_LIBRARIES)
  get_target_property(options ${target} COMPILE_OPTIONS)
  set(kind "")
  if("-fno-exceptions" IN_LIST options)
    # berth-init: no C++ runtime, a single source.
  elseif(type STREQUAL "STATIC_LIBRARY" AND libs MATCHES "Qt6::Widgets")
    set(kind ui_library) # berth_ui
  elseif(libs MATCHES "berth_ui|berth_gui_|Qt6::")
    if(type STREQUAL "EXECUTABLE" AND libs MATCHES "berth_gui_")
      set(kind gui_test)
    elseif(type STREQUAL "EXECUTABLE" AND libs MATCHES "berth_ui")
      set(kind gui_executable) # berth and the benches
    endif()
    # else the GUI tests' support libraries and dockerfile_lint_test: a few sources.
  elseif(target STREQUAL "berth_api_server" OR (libs MATCHES "berth_api_server|berth_daemon" AND
                                                NOT libs MATCHES "GTest::"))
    set(kind engine_server) # Boost.Beast: the heaviest headers we have
  endif()
  # Elsewhere in the engine (nlohmann/json, <format>, gtest) a precompiled header
  # measured no faster: there most of a compile is code generation, not parsing.
  set(${out} "${kind}" PARENT_SCOPE)
endfunction()

function(_berth_batch_target target)
  get_target_property(type ${target} TYPE)
  if(NOT type MATCHES "^(STATIC_LIBRARY|EXECUTABLE)$")
    return()
  endif()
  get_target_property(imported ${target} IMPORTED)
  if(imported)
    return()
  endif()
  if(BERTH_UNITY_BUILD)
    set_target_properties(${target} PROPERTIES UNITY_BUILD ON UNITY_BUILD_BATCH_SIZE ${BERTH_BATCH_SIZE})
  endif()
  _berth_pch_kind(${target} kind)
  if(NOT BERTH_PRECOMPILED_HEADERS OR NOT kind IN_LIST BERTH_PCH_KINDS)
    return()
  endif()
  get_target_property(automoc ${target} AUTOMOC)
  if(automoc)
    # A test's mocs_compilation.cpp is empty (it includes its own .moc): loading
    # the header there costs more than the file (0.01 -> 1.7 s); berth_ui's
    # (the moc code of its headers) measured no faster with it either.
    get_target_property(bindir ${target} BINARY_DIR)
    set_source_files_properties(${bindir}/${target}_autogen/mocs_compilation.cpp TARGET_DIRECTORY ${target}
                                PROPERTIES SKIP_PRECOMPILE_HEADERS ON)
  endif()
  get_target_property(srcdir ${target} SOURCE_DIR)
  get_target_property(sources ${target} SOURCES)
  foreach(source IN LISTS sources)
    cmake_path(ABSOLUTE_PATH source BASE_DIRECTORY ${srcdir} OUTPUT_VARIABLE absolute)
    cmake_path(RELATIVE_PATH absolute BASE_DIRECTORY ${PROJECT_SOURCE_DIR} OUTPUT_VARIABLE relative)
    if(relative IN_LIST BERTH_PCH_SKIP)
      set_source_files_properties(${absolute} TARGET_DIRECTORY ${target} PROPERTIES SKIP_PRECOMPILE_HEADERS ON)
    endif()
  endforeach()
  # The first target of a kind makes the header; the others reuse it.
  get_property(donor GLOBAL PROPERTY BERTH_PCH_DONOR_${kind})
  if(donor)
    target_precompile_headers(${target} REUSE_FROM ${donor})
    return()
  endif()
  set_property(GLOBAL PROPERTY BERTH_PCH_DONOR_${kind} ${target})
  if(kind STREQUAL "engine_server")
    set(headers <boost/asio.hpp> <boost/beast/core.hpp> <boost/beast/http.hpp>)
  elseif(kind STREQUAL "gui_test")
    set(headers ${BERTH_PCH_STD} ${BERTH_PCH_QT} <QtTest/QTest>)
  else()
    set(headers ${BERTH_PCH_STD} ${BERTH_PCH_QT})
  endif()
  target_precompile_headers(${target} PRIVATE ${headers})
endfunction()

# Applies those options to every target defined under `dir` (ours only: the
# googletest sources are added from /usr/src).
function(berth_batch_build dir)
  string(FIND "${dir}" "${PROJECT_SOURCE_DIR}" ours)
  if(NOT ours EQUAL 0 OR NOT (BERTH_PRECOMPILED_HEADERS OR BERTH_UNITY_BUILD))
    return()
  endif()
  get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
  foreach(target IN LISTS targets)
    _berth_batch_target(${target})
  endforeach()
  get_property(subdirs DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
  foreach(subdir IN LISTS subdirs)
    berth_batch_build(${subdir})
  endforeach()
endfunction()
