# Every third-party library rekey uses, each found from its Debian package.
# scripts/install-deps.sh installs the packages; this file only finds them.
find_package(PkgConfig REQUIRED)

find_package(yaml-cpp REQUIRED)                        # libyaml-cpp-dev: YAML inputs
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)    # libre2-dev: match confirmation
pkg_check_modules(HS REQUIRED IMPORTED_TARGET libhs)   # libhyperscan-dev: prefilter
pkg_check_modules(GIT2 REQUIRED IMPORTED_TARGET libgit2)  # libgit2-dev: git sources
pkg_check_modules(ARCHIVE REQUIRED IMPORTED_TARGET libarchive)  # libarchive-dev: archives inside scans
find_package(CLI11 REQUIRED)                           # libcli11-dev: command line
find_package(nlohmann_json 3 REQUIRED)                 # nlohmann-json3-dev: JSON in/out
find_package(fmt REQUIRED)                             # libfmt-dev: formatting
find_package(OpenSSL REQUIRED)                         # libssl-dev: SHA-256
find_package(CURL REQUIRED)                            # libcurl4-openssl-dev: vault and provider APIs (rekey apply)
find_package(Threads REQUIRED)

# libhowardhinnant-date-dev: date/tz.h + libdate-tz, reading the system tzdata.
find_path(DATE_TZ_INCLUDE_DIR date/tz.h REQUIRED)
find_library(DATE_TZ_LIBRARY date-tz REQUIRED)
add_library(rekey_date_tz INTERFACE)
target_include_directories(rekey_date_tz INTERFACE ${DATE_TZ_INCLUDE_DIR})
target_link_libraries(rekey_date_tz INTERFACE ${DATE_TZ_LIBRARY})
target_compile_definitions(rekey_date_tz INTERFACE USE_OS_TZDB=1 HAS_REMOTE_API=0)

if(REKEY_BUILD_TESTS)
  find_package(GTest REQUIRED)                         # libgtest-dev
endif()
