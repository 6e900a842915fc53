// The CSV reader on the edge cases real ATS and spreadsheet exports have
// (RFC 4180 §2: quoted fields, doubled quotes, line breaks inside quotes,
// CRLF), plus what Nordic spreadsheets add: ';' separators and a UTF-8
// byte-order mark.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "convert/csv.hpp"
#include "support/cli.hpp"

using namespace fairaudit::convert;

namespace {

struct Parsed {
  std::vector<std::vector<std::string>> records;
  std::vector<std::uint64_t> lines;
  std::vector<std::string> errors;  // per record, empty when fine
  char separator = 0;
  bool bom = false;
};

Parsed parse(std::string_view text, char sep = 0) {
  ByteReader in = ByteReader::from_memory(text);
  CsvReader csv(in, CsvOptions{sep});
  Parsed p;
  CsvRow row;
  while (csv.next(row)) {
    p.records.emplace_back(row.fields.begin(), row.fields.begin() + row.size);
    p.lines.push_back(row.line);
    p.errors.push_back(row.error);
  }
  p.separator = csv.separator();
  p.bom = csv.had_bom();
  return p;
}

using Rec = std::vector<std::string>;

}  // namespace

TEST(Csv, QuotedFieldsHoldSeparatorsQuotesAndLineBreaks) {
  auto p = parse("id,comment,status\r\n"
                 "1,\"late, but \"\"strong\"\"\",Avslag\r\n"
                 "2,\"two\r\nlines\",Ansatt\r\n"
                 "3,\"lf\nonly\",Trukket\r\n");
  ASSERT_EQ(p.records.size(), 4u);
  EXPECT_EQ(p.records[1], (Rec{"1", "late, but \"strong\"", "Avslag"}));
  EXPECT_EQ(p.records[2], (Rec{"2", "two\r\nlines", "Ansatt"}));
  EXPECT_EQ(p.records[3], (Rec{"3", "lf\nonly", "Trukket"}));
  // A record is named by the line it starts on, counting the line breaks
  // inside quoted fields: the user finds it in an editor.
  EXPECT_EQ(p.lines, (std::vector<std::uint64_t>{1, 2, 3, 5}));
}

TEST(Csv, Utf8ByteOrderMarkIsNotPartOfTheFirstColumnName) {
  auto p = parse("\xEF\xBB\xBFStillingsnr;Kj\xC3\xB8nn\r\nWC-1;Kvinne\r\n");
  EXPECT_TRUE(p.bom);
  ASSERT_EQ(p.records.size(), 2u);
  EXPECT_EQ(p.records[0][0], "Stillingsnr");
  EXPECT_EQ(p.records[0][1], "Kj\xC3\xB8nn");
}

TEST(Csv, SeparatorIsDetectedFromTheHeaderLine) {
  EXPECT_EQ(parse("a;b;c\n1;2,5;3\n").separator, ';');  // Nordic: ';' with decimal commas in the data
  EXPECT_EQ(parse("a,b,c\n1,2,3\n").separator, ',');
  EXPECT_EQ(parse("a\tb\tc\n1\t2\t3\n").separator, '\t');
  // A separator inside a quoted column name does not count.
  auto p = parse("\"Dato; vedtak\",Navn,ID\n1,2,3\n");
  EXPECT_EQ(p.separator, ',');
  EXPECT_EQ(p.records[0], (Rec{"Dato; vedtak", "Navn", "ID"}));
  EXPECT_EQ(p.records[1], (Rec{"1", "2", "3"}));
  // The decimal comma in "2,5" stays in its field with ';'.
  EXPECT_EQ(parse("a;b;c\n1;2,5;3\n").records[1], (Rec{"1", "2,5", "3"}));
}

TEST(Csv, AGivenSeparatorIsUsedAsIs) {
  auto p = parse("a;b,c\n1;2,3\n", ',');
  EXPECT_EQ(p.records[0], (Rec{"a;b", "c"}));
}

TEST(Csv, LineEndingsCrLfLfAndCrAndAMissingLastLineBreak) {
  auto p = parse("h1,h2\r\na,b\nc,d\re,f");
  ASSERT_EQ(p.records.size(), 4u);
  EXPECT_EQ(p.records[1], (Rec{"a", "b"}));
  EXPECT_EQ(p.records[2], (Rec{"c", "d"}));
  EXPECT_EQ(p.records[3], (Rec{"e", "f"}));
  EXPECT_EQ(p.lines, (std::vector<std::uint64_t>{1, 2, 3, 4}));
}

TEST(Csv, EmptyFieldsAndATrailingSeparator) {
  auto p = parse("a,b,c\n,,\n1,,3\nx,y,\n\"\",\"\",\"\"\n");
  EXPECT_EQ(p.records[1], (Rec{"", "", ""}));
  EXPECT_EQ(p.records[2], (Rec{"1", "", "3"}));
  EXPECT_EQ(p.records[3], (Rec{"x", "y", ""}));
  EXPECT_EQ(p.records[4], (Rec{"", "", ""}));
}

TEST(Csv, TextAfterAClosingQuoteIsAnErrorForThatRecordOnly) {
  auto p = parse("a,b\n\"x\"y,2\n3,4\n");
  ASSERT_EQ(p.records.size(), 3u);
  EXPECT_NE(p.errors[1].find("text follows the closing quote"), std::string::npos) << p.errors[1];
  EXPECT_TRUE(p.errors[2].empty());
  EXPECT_EQ(p.records[2], (Rec{"3", "4"}));
  EXPECT_EQ(p.lines[2], 3u);
}

TEST(Csv, AQuoteNeverClosedIsReportedWithTheLineItStartsOn) {
  auto p = parse("a,b\n1,2\n3,\"open\n4,5\n");
  ASSERT_EQ(p.records.size(), 3u);
  EXPECT_TRUE(p.errors[1].empty());
  EXPECT_NE(p.errors[2].find("starts on line 3 is not closed"), std::string::npos) << p.errors[2];
}

TEST(Csv, AQuoteInsideAnUnquotedFieldIsKeptAsSpreadsheetsDo) {
  auto p = parse("a,b\n5\" screen,2\n");
  EXPECT_EQ(p.records[1], (Rec{"5\" screen", "2"}));
  EXPECT_TRUE(p.errors[1].empty());
}

TEST(Csv, ARecordOverTheLimitIsAnErrorAndReadingGoesOn) {
  std::string text = "a,b\n\"" + std::string(300, 'x') + "\",1\n2,3\n";
  ByteReader in = ByteReader::from_memory(text);
  CsvOptions o;
  o.max_record_bytes = 100;
  CsvReader csv(in, o);
  CsvRow row;
  ASSERT_TRUE(csv.next(row));
  ASSERT_TRUE(csv.next(row));
  EXPECT_NE(row.error.find("longer than the limit of 100 bytes"), std::string::npos) << row.error;
  ASSERT_TRUE(csv.next(row));
  EXPECT_TRUE(row.error.empty());
  EXPECT_EQ(row.fields[0], "2");
  EXPECT_EQ(row.line, 3u);
}

TEST(Csv, Utf16IsRefusedWithAnActionableMessage) {
  std::string text("\xFF\xFE" "a\0,\0b\0", 8);
  ByteReader in = ByteReader::from_memory(text);
  CsvReader csv(in, CsvOptions{});
  CsvRow row;
  try {
    csv.next(row);
    FAIL() << "UTF-16 was read";
  } catch (const fairaudit::common::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("CSV UTF-8"), std::string::npos) << e.what();
  }
}

TEST(Csv, QuotedFieldsSpanningTheReadBufferOfALargeFile) {
  // Files are read in 1 MiB blocks: quoted fields, doubled quotes and CRLF
  // pairs fall on block borders somewhere in 3 MiB of rows.
  const std::string dir = fairaudit::testing::temp_dir("csv-blocks");
  const std::string path = dir + "/big.csv";
  std::string text = "id;note;n\r\n";
  std::vector<Rec> want;
  for (int i = 0; text.size() < (3u << 20); ++i) {
    Rec r{std::to_string(i), std::string(i % 97, 'q') + "\"; \r\n" + std::to_string(i), std::to_string(i * 7)};
    text += csv_record(r, ';');
    want.push_back(r);
  }
  fairaudit::testing::write_file(path, text);
  ByteReader in(path);
  CsvReader csv(in, CsvOptions{});
  CsvRow row;
  ASSERT_TRUE(csv.next(row));
  std::size_t n = 0;
  std::uint64_t line = 2;
  while (csv.next(row)) {
    ASSERT_LT(n, want.size());
    ASSERT_TRUE(row.error.empty()) << row.error;
    ASSERT_EQ(Rec(row.fields.begin(), row.fields.begin() + row.size), want[n]) << "record " << n;
    ASSERT_EQ(row.line, line);
    line += 2;  // one line break inside the note
    ++n;
  }
  EXPECT_EQ(n, want.size());
  std::filesystem::remove_all(dir);
}

TEST(Csv, WhatTheWriterWritesReadsBackTheSame) {
  // Fields drawn from the characters that matter to the format.
  std::mt19937 rng(20260322);
  const std::string alphabet = "ab;,\"\r\n \xC3\xB8";
  for (int round = 0; round < 500; ++round) {
    char sep = round % 2 ? ';' : ',';
    std::vector<Rec> want;
    std::string text = csv_record({"h1", "h2", "h3"}, sep);
    for (int r = 0; r < 5; ++r) {
      Rec rec;
      for (int f = 0; f < 3; ++f) {
        std::string s;
        for (int k = rng() % 6; k > 0; --k) s += alphabet[rng() % alphabet.size()];
        rec.push_back(s);
      }
      want.push_back(rec);
      text += csv_record(rec, sep);
    }
    auto p = parse(text, sep);
    ASSERT_EQ(p.records.size(), 6u) << text;
    for (int r = 0; r < 5; ++r) {
      EXPECT_TRUE(p.errors[r + 1].empty());
      EXPECT_EQ(p.records[r + 1], want[r]) << text;
    }
  }
}
