// Names the host accepts from policies and plugin directories.
#pragma once

#include <string>

namespace fairaudit::common {

// A plugin name as a policy writes it: lower-case words and hyphens. Paths
// are refused, so plugins load only from the plugin directories.
bool is_plugin_name(const std::string& name);

}  // namespace fairaudit::common
