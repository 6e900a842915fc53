// libFuzzer target for the CSV reader of `fairaudit convert` (host/convert/csv).
//
// Besides surviving any input under ASan and UBSan, the reader must agree
// with its own writer: every record it reads without error, written back
// with csv_record() and read again, comes back field for field. The first
// byte of the input chooses the separator (detected, ',', ';' or TAB); small
// limits let the fuzzer reach the over-limit paths.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "convert/csv.hpp"

using fairaudit::convert::ByteReader;
using fairaudit::convert::CsvOptions;
using fairaudit::convert::CsvReader;
using fairaudit::convert::CsvRow;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const char kSeparators[] = {0, ',', ';', '\t'};
  CsvOptions options;
  options.separator = kSeparators[data[0] % 4];
  options.max_record_bytes = 4096;
  options.max_fields = 64;
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);

  std::vector<std::vector<std::string>> records;
  char used = 0;
  try {
    ByteReader in = ByteReader::from_memory(text);
    CsvReader csv(in, options);
    CsvRow row;
    std::uint64_t last_line = 0;
    while (csv.next(row)) {
      if (row.size == 0 || row.size > options.max_fields) std::abort();
      if (row.line < last_line) std::abort();  // lines only go forward
      last_line = row.line;
      if (row.error.empty()) records.emplace_back(row.fields.begin(), row.fields.begin() + row.size);
    }
    used = csv.separator();
  } catch (const fairaudit::common::InputError&) {
    return 0;  // a UTF-16 byte-order mark: refused as a whole
  }

  // A byte-order mark first, so that one which was data in the input (after
  // the real one) stays data when read back.
  std::string written = "\xEF\xBB\xBF";
  for (const auto& r : records) written += fairaudit::convert::csv_record(r, used);
  CsvOptions again;
  again.separator = used;
  again.max_record_bytes = std::size_t(1) << 20;
  again.max_fields = 1 << 20;
  ByteReader in = ByteReader::from_memory(written);
  CsvReader csv(in, again);
  CsvRow row;
  std::size_t i = 0;
  while (csv.next(row)) {
    if (!row.error.empty() || i >= records.size()) std::abort();
    if (std::vector<std::string>(row.fields.begin(), row.fields.begin() + row.size) != records[i]) std::abort();
    ++i;
  }
  if (i != records.size()) std::abort();
  return 0;
}
