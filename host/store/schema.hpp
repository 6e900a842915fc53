// The store's schema, versioned with SQLite's user_version and brought up to
// date by migrations that each run in one transaction.
#pragma once

#include <chrono>

#include "store/sqlite.hpp"

namespace fairaudit::store {

// Stamped into the file (PRAGMA application_id) so that fairaudit never
// writes its tables into some other program's database.
inline constexpr int kApplicationId = 0x46417564;  // "FAud"

// The schema this fairaudit writes; migrations[v] brings version v to v + 1.
int latest_schema_version();

// Sets the connection up (foreign keys on, busy timeout, WAL, synchronous
// FULL) and migrates the file to the latest version. Refuses a database that
// belongs to another program or was written by a newer fairaudit. Returns the
// version the file had before.
int prepare_store(Connection& c, std::chrono::milliseconds busy_timeout);

// PRAGMA user_version of the file.
int schema_version(Connection& c);

}  // namespace fairaudit::store
