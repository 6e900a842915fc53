// fairaudit plugin SDK — the API version and the export macro.
//
// The host reads a plugin's API version before it calls anything else in the
// library; a plugin built against another version is refused with both
// versions named. Bump kApiVersion whenever a type that crosses the plugin
// boundary changes its layout or meaning. New fields are appended, never
// reordered.
#pragma once

#include <cstdint>

#include <boost/config.hpp>

namespace fairaudit {

inline constexpr std::uint32_t kApiVersion = 2;  // 2: Sink::counted

}  // namespace fairaudit

// Types shared across the plugin boundary are marked visible so that RTTI and
// exceptions work although everything else is built with hidden visibility.
#define FAIRAUDIT_VISIBLE BOOST_SYMBOL_VISIBLE
