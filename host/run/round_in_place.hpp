// A parsed round laid out whole in one block of memory, as the plugin SDK's
// own structures (fairaudit/model.hpp), so that a plugin process that maps the
// block at the same address reads the round where it lies: nothing decoded,
// copied or allocated in each of the processes for each round.
//
// The block holds a Round, then the items of its vectors and the bytes of its
// long strings, every pointer into the block itself. Short strings keep their
// bytes in the string, as std::string does. Nothing here is ever destroyed:
// the block is given back whole (run/record_ring.hpp). A process reads it only
// through const references, as a plugin is given a round.
//
// The layout is that of the standard library the host and the plugins are
// built with (libstdc++'s); whether this build lays a round out right is
// checked once, on a sample round, before any round is placed.
#pragma once

#include <cstddef>

#include "fairaudit/model.hpp"

namespace fairaudit::run {

// Whether rounds can be laid out in place in this build (the check above).
bool rounds_can_be_placed();

// The bytes place_round() takes for `r` (a multiple of 8).
std::size_t placed_size(const Round& r);

// Lays `r` out at `at` (8-byte aligned, placed_size(r) bytes long) and
// returns the round there; valid while the block is, never to be destroyed.
const Round& place_round(char* at, std::size_t room, const Round& r);

}  // namespace fairaudit::run
