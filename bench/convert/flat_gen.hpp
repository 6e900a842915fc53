// A generator of large flat exports in the layout of
// policies/mappings/webcruiter-no.json: one row per application, ';', a
// UTF-8 byte-order mark, CRLF, dates DD.MM.YYYY, every column the mapping
// reads plus the name, e-mail and free-text columns it drops.
//
// The rows are NOT sorted by round: row k belongs to round
// (k mod R) * P mod R (P prime to R), so every round's rows are spread over
// the whole file and grouping them needs the external sort. Memory is
// constant, whatever the number of rows. Header-only and standard C++, so the
// bounded-memory test (tests/convert) and the benchmark tool (bench/convert)
// write the same exports.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace fairaudit::bench {

struct FlatGenOptions {
  std::uint64_t rows = 1'000'000;
  std::uint64_t applicants_per_round = 40;
  std::uint64_t seed = 1;
  bool sorted = false;  // rows of a round together (the easy case)
};

namespace flatgen {

inline std::uint64_t mix(std::uint64_t x) {  // splitmix64's finaliser
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// DD.MM.YYYY of `days` after 2025-01-01 (civil-from-days, H. Hinnant).
inline std::string date(std::int64_t days) {
  std::int64_t z = days + 20089 + 719468;  // 2025-01-01 is day 20089 since 1970-01-01
  std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  std::int64_t doe = z - era * 146097;
  std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  std::int64_t mp = (5 * doy + 2) / 153;
  std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
  std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
  std::int64_t y = yoe + era * 400 + (m <= 2);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d.%02d.%04d", int(d), int(m), int(y));
  return buf;
}

inline std::uint64_t gcd(std::uint64_t a, std::uint64_t b) {
  while (b) {
    std::uint64_t t = a % b;
    a = b;
    b = t;
  }
  return a;
}

inline const char* const kColumns =
    "Stillingsnr;Stillingstittel;Virksomhet;Avdeling;STYRK;Antall stillinger;Publisert;Søknadsfrist;"
    "Kravspesifikasjon godkjent;Innstilling dato;Vedtak dato;Søknads-ID;Navn;E-post;Mobil;Kjønn;"
    "Innvandrerbakgrunn;Nedsatt funksjonsevne;Hull i CV;Aldersgruppe;Vurdering;Rangering;"
    "Likt kvalifisert med best rangerte;Oppfyller formelle krav;Søknadsdato;Innkalt til intervju;Intervjudato;"
    "Status;Statusdato;Avslagsgrunn;Likestillingsrepresentant;LR invitert;Søkerliste delt med LR;"
    "LR deltok på intervju;Innstilling mottatt av LR;LR uttalelse;LR enig i innstillingen;"
    "Utvidet søkerliste sendt;Innstilling sendt tillitsvalgte;Likestilling vurdert i innstillingen;Kommentar";

}  // namespace flatgen

// The number of rounds the rows fall into.
inline std::uint64_t flat_rounds(const FlatGenOptions& o) {
  return (o.rows + o.applicants_per_round - 1) / o.applicants_per_round;
}

// Writes the export; returns the bytes written.
inline std::uint64_t write_flat_export(std::FILE* out, const FlatGenOptions& o) {
  using namespace flatgen;
  static const char* const kUnits[][2] = {
      {"Bydel Gamle Oslo", "Helse"},        {"Bydel Gamle Oslo", "Oppvekst"}, {"Bydel Grünerløkka", "Helse"},
      {"Bydel Grünerløkka", "Oppvekst"},    {"Bydel Stovner", "Helse"},       {"Bydel Stovner", "Oppvekst"},
      {"Bydel Sagene", "Skole"},            {"Bydel Frogner", "Kultur"},      {"Bydel Alna", "Drift"},
      {"Bydel Nordre Aker", "Barnehage"},   {"Helseetaten", "Legevakt"},      {"Utdanningsetaten", "Skole"},
      {"Bymiljøetaten", "Drift"},           {"Sykehjemsetaten", "Pleie"},     {"Bydel Bjerke", "Helse"},
      {"Bydel Østensjø", "Sosial"}};
  static const char* const kGender[] = {"Kvinne", "Mann", "Ønsker ikke å oppgi", ""};
  static const char* const kAnswer[] = {"Nei", "Ja", "Ønsker ikke å svare", ""};
  static const char* const kAge[] = {"20-29", "30-39", "40-49", "50-59", "60-69"};
  const std::uint64_t R = flat_rounds(o);
  std::uint64_t P = 1'000'003;  // a prime; R may not be a multiple of it
  while (gcd(P, R) != 1) P += 2;

  std::string line;
  std::uint64_t bytes = 0;
  auto emit = [&]() {
    line += "\r\n";
    std::fwrite(line.data(), 1, line.size(), out);
    bytes += line.size();
    line.clear();
  };
  line = "\xEF\xBB\xBF";
  line += kColumns;
  emit();
  for (std::uint64_t k = 0; k < o.rows; ++k) {
    std::uint64_t r, j;
    if (o.sorted) {
      r = k / o.applicants_per_round;
      j = k % o.applicants_per_round;
    } else {
      r = (k % R) * (P % R) % R;
      j = k / R;
    }
    const std::uint64_t hr = mix(o.seed * 0x100000001B3ull ^ r);
    const std::uint64_t h = mix(hr ^ (j + 1));
    const auto& unit = kUnits[hr % 16];
    const std::int64_t adv = std::int64_t(hr % 500);  // days after 2025-01-01
    const std::int64_t closes = adv + 21, rec = closes + 20, dec = rec + 6;
    const bool qualified = h % 10 < 8;
    const bool invited = qualified && (j < 4 || (h >> 8) % 4 == 0);
    const bool withdrew = (h >> 12) % 33 == 0 && j != 0;
    char id[64];
    std::snprintf(id, sizeof id, "WC-%06llu", static_cast<unsigned long long>(r));
    line += id;
    line += ";Sykepleier;";
    line += unit[0];
    line += ';';
    line += unit[1];
    line += ";2221;1;" + date(adv) + ";" + date(closes) + ";" + date(adv - 7) + ";" + date(rec) + ";" + date(dec) + ";";
    // Digits glued to letters: an id like "000101-0003" standing alone would
    // be a valid personnummer to the PII guard (and rightly rejected).
    std::snprintf(id, sizeof id, "wc-%06lluk%04llu", static_cast<unsigned long long>(r),
                  static_cast<unsigned long long>(j));
    line += id;
    line += ";Kari Nordmann;kari@example.com;+47 400 00 000;";
    line += kGender[(h >> 16) % 100 < 47 ? 0 : (h >> 16) % 100 < 94 ? 1 : (h >> 16) % 100 < 98 ? 2 : 3];
    line += ';';
    line += kAnswer[(h >> 24) % 10 < 7 ? 0 : (h >> 24) % 10 < 8 ? 1 : (h >> 24) % 10 < 9 ? 2 : 3];
    line += ';';
    line += kAnswer[(h >> 28) % 20 == 0 ? 1 : 0];
    line += ';';
    line += kAnswer[(h >> 32) % 25 == 0 ? 1 : 0];
    line += ';';
    line += kAge[(h >> 36) % 5];
    line += qualified ? ";Kvalifisert;" : ";Ikke kvalifisert;";
    line += qualified ? std::to_string(j + 1) : "";
    line += qualified ? ";;Ja;" : ";;Nei;";
    line += date(adv + 1 + std::int64_t(h % 20)) + ";";
    line += invited ? date(closes + 3) + ";" + date(closes + 8) + ";" : ";;";
    if (withdrew) line += "Trukket;" + date(closes + 1) + ";;";
    else if (j == 0) line += "Ansatt;" + date(dec) + ";;";
    else line += "Avslag;" + date(dec) + ";Bedre kvalifisert søker tilsatt;";
    line += "Likestillingsrepresentant;" + date(closes + 2) + ";" + date(closes + 2) + ";" + date(closes + 8) + ";" +
            date(rec) + ";" + date(rec + 1) + ";Ja;" + date(closes + 1) + ";" + date(rec) + ";Ja;";
    // Now and then the free text a recruiter types, with what CSV must quote.
    if (h % 50 == 0) line += "\"Ring tilbake; \"\"sterk\"\"\r\nkandidat\"";
    emit();
  }
  return bytes;
}

}  // namespace fairaudit::bench
