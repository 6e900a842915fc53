// The command line: fairaudit audit | validate | plugins | rules | policy check|show.
#pragma once

namespace fairaudit::cli {

// Exit codes (stable, documented in the README).
inline constexpr int kExitOk = 0;        // no finding at or above --fail-on
inline constexpr int kExitFindings = 1;  // such findings (with a store: new ones)
inline constexpr int kExitUsage = 2;     // bad usage, policy or input
inline constexpr int kExitPlugin = 3;    // a plugin failed

int main(int argc, char** argv);

}  // namespace fairaudit::cli
