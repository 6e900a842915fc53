// A parsed record in binary, for the plugin processes of an isolated run: the
// host parses each line once and sends every plugin process the record it
// made, so that no plugin process parses JSON again. Every field of Round,
// UnitRecord and MeasuresRecord (fairaudit/model.hpp) crosses, and comes back
// equal (tests/run/record_binary_test.cpp). Strings are a 4-byte length and
// their bytes, numbers their bytes in the machine's order: the bytes never
// leave the machine (the host and its children are the same program).
//
// The message opens with a version byte and the record's kind; the reader
// checks every read against the end, every enum against its list and every
// count against the bytes left, so a corrupt message is a CodecError, never a
// read out of bounds.
#pragma once

#include <cstdint>
#include <string>

#include "codec/limits.hpp"
#include "ingest/record.hpp"

namespace fairaudit::codec {

inline constexpr std::uint8_t kRecordBinaryVersion = 2;

// Appends the record to `out`.
void write_record(std::string& out, const ingest::Record& record);
// Reads one record from [begin, end), all of it, into `record`, reusing the
// strings and vectors of the record already there when it is of the same
// kind. Throws CodecError on bytes write_record does not write.
void read_record(const char* begin, const char* end, ingest::Record& record);

}  // namespace fairaudit::codec
