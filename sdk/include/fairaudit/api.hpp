// fairaudit plugin SDK — the SDK version, the ABI tag and the visibility macro.
//
// Every plugin library carries a stamp (see FAIRAUDIT_PLUGIN in plugin.hpp)
// naming the SDK version it was built against and the toolchain it was built
// with. The host reads the stamp from the file before it loads the library,
// so a plugin it refuses never runs a line of its code, static constructors
// included.
//
// The SDK version is MAJOR.MINOR.PATCH. The host loads a plugin built against
// the same MAJOR and a MINOR no newer than its own:
//   * PATCH: fixes inside the SDK library or the docs; nothing that crosses
//     the plugin boundary changes.
//   * MINOR: additions an older plugin cannot notice — a new header, a new
//     function in the SDK library, a virtual appended to an interface the host
//     implements and the plugin only calls (Sink, Logger).
//   * MAJOR: anything else, in particular any change to the layout of a type
//     that crosses the boundary by value (PluginInfo, RuleInfo, OptionSpec,
//     Round and its parts, Check, Finding, Evidence) or to the Plugin
//     interface a plugin implements. Those types are standard-library
//     containers passed as C++ objects, so appending a field changes them too.
//
// History: 1 and 2 were a single number read by calling into the plugin
// (2 added Sink::counted). 3.0.0 replaced that by the stamp. 4.0.0 appended
// RuleInfo::needs and the Coverage of Round and UnitRecord (what the export
// records): appended fields, but in types passed by value, so a major. It
// also added multiple-testing adjustment and detectable impact ratios to
// stats.hpp. 5.0.0 appended Applicant::referred_by_jobcenter, the measures
// record's documentation and Coverage, values of Field (jobcenter referral,
// the six measures fields) and Indicator::active_measures, and
// Rule::measures to the rule table.
//
// The ABI tag: the standard-library types above are shared as objects, so the
// plugin and the host must agree on their layout and on how exceptions and
// RTTI work — the same compiler family and major version, the same standard
// library and library ABI, the same C++ standard. The host compares the tag
// before the version and names both sides when they differ.
#pragma once

#include <version>  // defines the standard library's identification macros

// The SDK version this header belongs to. A build may define these (or the
// FAIRAUDIT_ABI_* macros below) beforehand to stamp a plugin as if built
// against another SDK or toolchain: the loader's tests make their refused
// plugins that way. A real plugin never does.
#ifndef FAIRAUDIT_SDK_VERSION_MAJOR
#define FAIRAUDIT_SDK_VERSION_MAJOR 5
#endif
#ifndef FAIRAUDIT_SDK_VERSION_MINOR
#define FAIRAUDIT_SDK_VERSION_MINOR 0
#endif
#ifndef FAIRAUDIT_SDK_VERSION_PATCH
#define FAIRAUDIT_SDK_VERSION_PATCH 0
#endif

#define FAIRAUDIT_DETAIL_STR2(x) #x
#define FAIRAUDIT_DETAIL_STR(x) FAIRAUDIT_DETAIL_STR2(x)

// Compiler family and major version, as "<family>-<major>".
#ifndef FAIRAUDIT_ABI_COMPILER
#if defined(__clang__) && defined(__apple_build_version__)
#define FAIRAUDIT_ABI_COMPILER "appleclang-" FAIRAUDIT_DETAIL_STR(__clang_major__)
#elif defined(__clang__)
#define FAIRAUDIT_ABI_COMPILER "clang-" FAIRAUDIT_DETAIL_STR(__clang_major__)
#elif defined(__GNUC__)
#define FAIRAUDIT_ABI_COMPILER "gcc-" FAIRAUDIT_DETAIL_STR(__GNUC__)
#else
#define FAIRAUDIT_ABI_COMPILER "unknown-0"
#endif
#endif

// The standard library and its ABI: libstdc++ has two std::string layouts,
// chosen by _GLIBCXX_USE_CXX11_ABI; libc++ has numbered ABI versions.
#ifndef FAIRAUDIT_ABI_STDLIB
#if defined(_LIBCPP_VERSION)
#define FAIRAUDIT_ABI_STDLIB "libc++-abi" FAIRAUDIT_DETAIL_STR(_LIBCPP_ABI_VERSION)
#elif defined(__GLIBCXX__) && _GLIBCXX_USE_CXX11_ABI
#define FAIRAUDIT_ABI_STDLIB "libstdc++-cxx11"
#elif defined(__GLIBCXX__)
#define FAIRAUDIT_ABI_STDLIB "libstdc++-pre-cxx11"
#else
#define FAIRAUDIT_ABI_STDLIB "unknown"
#endif
#endif

// The C++ standard, as the value of __cplusplus (202002 for C++20).
#ifndef FAIRAUDIT_ABI_CPLUSPLUS
#define FAIRAUDIT_ABI_CPLUSPLUS __cplusplus
#endif

// The stamp, one line of "key=value" words. Its first word names the stamp's
// own format, so a later host can still read it.
#define FAIRAUDIT_PLUGIN_STAMP                                                             \
  "fairaudit-plugin-stamp/1 sdk=" FAIRAUDIT_DETAIL_STR(FAIRAUDIT_SDK_VERSION_MAJOR) "."   \
      FAIRAUDIT_DETAIL_STR(FAIRAUDIT_SDK_VERSION_MINOR) "." FAIRAUDIT_DETAIL_STR(            \
          FAIRAUDIT_SDK_VERSION_PATCH) " compiler=" FAIRAUDIT_ABI_COMPILER                   \
      " stdlib=" FAIRAUDIT_ABI_STDLIB " cplusplus=" FAIRAUDIT_DETAIL_STR(FAIRAUDIT_ABI_CPLUSPLUS)

// The ELF section the stamp lives in; the host reads it from the file.
#define FAIRAUDIT_PLUGIN_STAMP_SECTION ".fairaudit_stamp"

// Types shared across the plugin boundary are marked visible so that RTTI and
// exceptions work although everything else is built with hidden visibility.
#if defined(__GNUC__)
#define FAIRAUDIT_VISIBLE __attribute__((visibility("default")))
#else
#define FAIRAUDIT_VISIBLE
#endif

namespace fairaudit {

struct SdkVersion {
  int major = 0;
  int minor = 0;
  int patch = 0;
};

inline constexpr SdkVersion kSdkVersion{.major = FAIRAUDIT_SDK_VERSION_MAJOR,
                                        .minor = FAIRAUDIT_SDK_VERSION_MINOR,
                                        .patch = FAIRAUDIT_SDK_VERSION_PATCH};

}  // namespace fairaudit
