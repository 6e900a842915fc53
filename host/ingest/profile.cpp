// The Danish ingest profile: fields forskelsbehandlingsloven § 4 forbids.
#include "ingest/profile.hpp"

#include <array>
#include <vector>

namespace fairaudit::ingest {
namespace {

// A field name split into lower-case words: at '_', '-', '.', spaces and
// other ASCII punctuation, and where a lower-case letter meets an upper-case
// one ("ethnicOrigin" -> ethnic, origin). Bytes of UTF-8 letters (æ, ø, å)
// stay inside their word.
std::vector<std::string> words(std::string_view name) {
  std::vector<std::string> out;
  std::string w;
  char prev = 0;
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    const bool upper = c >= 'A' && c <= 'Z';
    const bool alnum = u >= 0x80 || (c >= 'a' && c <= 'z') || upper || (c >= '0' && c <= '9');
    if (!alnum || (upper && prev >= 'a' && prev <= 'z')) {
      if (!w.empty()) out.push_back(std::move(w));
      w.clear();
    }
    if (alnum) w += upper ? char(c - 'A' + 'a') : c;
    prev = c;
  }
  if (!w.empty()) out.push_back(std::move(w));
  return out;
}

bool starts_with(const std::string& w, std::string_view prefix) { return w.rfind(prefix, 0) == 0; }

struct Ground {
  const char* what;
  std::array<std::string_view, 8> prefixes;  // a word starting with one of these
  std::array<std::string_view, 6> words;     // a word equal to one of these
};

// English, Danish, Norwegian and Swedish words an ATS uses for the grounds.
// "tro" (belief) and "race" are whole words only: "trust", "trace" and
// "grace_period" are not about them.
constexpr Ground kGrounds[] = {
    {"ethnic origin",
     {"ethnic", "etni", "immigra", "indvandr", "innvandr", "invandr", "efterkommer", "minorit"},
     {"herkomst", "oprindelse", "ursprung", "opprinnelse", "", ""}},
    {"race or skin colour", {"racial", "hudfarve", "hudfarge", "hudfärg", "", "", "", ""},
     {"race", "racer", "ras", "rase", "", ""}},
    {"religion or belief", {"religi", "trosretning", "trosretn", "trossamfund", "", "", "", ""},
     {"faith", "belief", "beliefs", "tro", "creed", ""}},
    {"political opinion", {"politic", "politisk", "", "", "", "", "", ""}, {"", "", "", "", "", ""}},
    {"sexual orientation", {"sexual", "seksuel", "sexuell", "legning", "", "", "", ""},
     {"", "", "", "", "", ""}},
};

// Pairs of words that name a ground only together: "skin colour",
// "national origin", "country of birth".
struct Pair {
  std::string_view first, second;
  const char* what;
};
constexpr Pair kPairs[] = {
    {"skin", "colour", "race or skin colour"}, {"skin", "color", "race or skin colour"},
    {"national", "origin", "ethnic origin"},   {"social", "origin", "ethnic origin"},
    {"country", "birth", "ethnic origin"},     {"birth", "country", "ethnic origin"},
    {"mother", "tongue", "ethnic origin"},
};

// Frames of the JSON path, rendered only for a refusal.
struct Frame {
  const Frame* parent;
  const char* key;  // null for an array element
  std::size_t length;
  std::size_t index;

  std::string str() const {
    std::string out = parent ? parent->str() : std::string();
    if (key) {
      if (!out.empty()) out += '.';
      out.append(key, length);
    } else if (parent) {
      out += '[' + std::to_string(index) + ']';
    }
    return out;
  }
};

std::optional<ProfileRefusal> walk(const rapidjson::Value& v, const Frame& at) {
  if (v.IsObject()) {
    for (auto m = v.MemberBegin(); m != v.MemberEnd(); ++m) {
      const std::string_view name(m->name.GetString(), m->name.GetStringLength());
      const Frame here{&at, m->name.GetString(), m->name.GetStringLength(), 0};
      if (const char* ground = forbidden_ground(name))
        return ProfileRefusal{
            here.str(),
            std::string("a field about ") + ground +
                " is not allowed in a Danish export: forskelsbehandlingsloven § 4 forbids the employer to ask for, "
                "obtain, receive or use information on an applicant's race, skin colour, religion or belief, "
                "political opinion, sexual orientation, or national, social or ethnic origin (the policy's "
                "jurisdiction is DK). Nothing of the record is audited; the value is withheld"};
      if (auto hit = walk(m->value, here)) return hit;
    }
  } else if (v.IsArray()) {
    for (rapidjson::SizeType i = 0; i < v.Size(); ++i)
      if (auto hit = walk(v[i], Frame{&at, nullptr, 0, i})) return hit;
  }
  return std::nullopt;
}

}  // namespace

IngestProfile profile_for_jurisdiction(std::string_view jurisdiction) {
  return jurisdiction == "DK" ? IngestProfile::dk : IngestProfile::none;
}

const char* forbidden_ground(std::string_view field_name) {
  const auto ws = words(field_name);
  for (std::size_t i = 0; i < ws.size(); ++i) {
    for (const Ground& g : kGrounds) {
      for (auto p : g.prefixes)
        if (!p.empty() && starts_with(ws[i], p)) return g.what;
      for (auto w : g.words)
        if (!w.empty() && ws[i] == w) return g.what;
    }
    for (const Pair& p : kPairs)
      for (std::size_t j = i + 1; j < ws.size() && j <= i + 2; ++j)
        if (ws[i] == p.first && ws[j] == p.second) return p.what;
  }
  return nullptr;
}

std::optional<ProfileRefusal> refused_field(IngestProfile profile, const rapidjson::Value& record) {
  if (profile == IngestProfile::none) return std::nullopt;
  return walk(record, Frame{nullptr, nullptr, 0, 0});
}

}  // namespace fairaudit::ingest
