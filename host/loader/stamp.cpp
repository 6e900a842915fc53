// The gate: a plugin's stamp read from its file, compared with this host's.
//
// The stamp is read from the ELF section headers with <elf.h>, not by
// loading the library: dlopen runs a library's static constructors, and a
// plugin built with another toolchain must be refused before any of its code
// runs. (Boost.DLL's library_info reads only the static symbol table, which
// `strip` removes from installed libraries; a section stays.)
#include <elf.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>

#include "loader/loader.hpp"

namespace fairaudit::loader {
namespace fs = std::filesystem;

namespace {

// A stamp is one short line; anything longer is not one of ours.
constexpr std::size_t kMaxStampBytes = 1024;

std::string plugin_label(const std::string& name, const fs::path& path) {
  return "plugin '" + name + "' (" + path.string() + ")";
}

template <typename T>
bool read_elf_at(std::ifstream& in, std::uint64_t offset, T* out, std::size_t count = 1) {
  in.seekg(static_cast<std::streamoff>(offset));
  in.read(reinterpret_cast<char*>(out), static_cast<std::streamsize>(sizeof(T) * count));
  return bool(in);
}

// The bytes of the section called `wanted`, nullopt when there is none.
// Throws LoadError when the file's section headers are not where they claim.
template <typename Ehdr, typename Shdr>
std::optional<std::string> section_bytes(std::ifstream& in, std::uint64_t file_size, const char* wanted,
                                         const std::string& label) {
  const auto broken = [&] { return LoadError(label + " is not a readable shared library (broken ELF section headers)"); };
  Ehdr eh;
  if (!read_elf_at(in, 0, &eh)) throw broken();
  if (eh.e_shentsize != sizeof(Shdr) || eh.e_shnum == 0 || eh.e_shstrndx >= eh.e_shnum ||
      eh.e_shoff > file_size || std::uint64_t(eh.e_shnum) * sizeof(Shdr) > file_size - eh.e_shoff)
    throw broken();
  std::vector<Shdr> sections(eh.e_shnum);
  if (!read_elf_at(in, eh.e_shoff, sections.data(), sections.size())) throw broken();
  const Shdr& names = sections[eh.e_shstrndx];
  if (names.sh_offset > file_size || names.sh_size > file_size - names.sh_offset) throw broken();
  std::string name_table(names.sh_size, '\0');
  if (!read_elf_at(in, names.sh_offset, name_table.data(), name_table.size())) throw broken();
  for (const Shdr& s : sections) {
    if (s.sh_name >= name_table.size()) continue;
    if (std::strcmp(name_table.c_str() + s.sh_name, wanted) != 0) continue;
    if (s.sh_type == SHT_NOBITS || s.sh_offset > file_size || s.sh_size > file_size - s.sh_offset) throw broken();
    std::string bytes(std::min<std::uint64_t>(s.sh_size, kMaxStampBytes), '\0');
    if (!read_elf_at(in, s.sh_offset, bytes.data(), bytes.size())) throw broken();
    return bytes;
  }
  return std::nullopt;
}

bool is_stamp_word(const std::string& v) {
  if (v.empty()) return false;
  for (unsigned char c : v)
    if (!(std::isalnum(c) || c == '.' || c == '+' || c == '-' || c == '_')) return false;
  return true;
}

std::optional<SdkVersion> parse_sdk_version(const std::string& v) {
  SdkVersion out;
  char tail = 0;
  if (std::sscanf(v.c_str(), "%d.%d.%d%c", &out.major, &out.minor, &out.patch, &tail) != 3) return std::nullopt;
  if (out.major < 0 || out.minor < 0 || out.patch < 0) return std::nullopt;
  return out;
}

Stamp parse_stamp(const std::string& text, const std::string& label) {
  const auto unreadable = [&] {
    return LoadError(label + " carries a fairaudit stamp this fairaudit cannot read; rebuild the plugin "
                     "against this fairaudit's SDK");
  };
  std::vector<std::string> words;
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) words.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  static const std::string kFormat = "fairaudit-plugin-stamp/";
  if (words.empty() || words[0].rfind(kFormat, 0) != 0) throw unreadable();
  if (words[0] != kFormat + "1")
    throw LoadError(label + " carries a stamp of a newer format than this fairaudit reads; upgrade fairaudit");
  std::map<std::string, std::string> fields;
  for (std::size_t i = 1; i < words.size(); ++i) {
    const auto eq = words[i].find('=');
    if (eq == std::string::npos) throw unreadable();
    std::string value = words[i].substr(eq + 1);
    if (!is_stamp_word(value)) throw unreadable();
    fields[words[i].substr(0, eq)] = std::move(value);
  }
  Stamp s;
  const auto version = parse_sdk_version(fields["sdk"]);
  if (!version) throw unreadable();
  s.sdk = *version;
  s.compiler = fields["compiler"];
  s.stdlib = fields["stdlib"];
  s.cplusplus = fields["cplusplus"];
  if (s.compiler.empty() || s.stdlib.empty() || s.cplusplus.empty()) throw unreadable();
  return s;
}

std::string describe_compiler(const std::string& c) {
  const auto dash = c.rfind('-');
  return dash == std::string::npos ? c : c.substr(0, dash) + " " + c.substr(dash + 1);
}

std::string describe_stdlib(const std::string& s) {
  if (s == "libstdc++-cxx11") return "libstdc++ (C++11 ABI)";
  if (s == "libstdc++-pre-cxx11") return "libstdc++ (pre-C++11 ABI, _GLIBCXX_USE_CXX11_ABI=0)";
  if (s.rfind("libc++-abi", 0) == 0) return "libc++ (ABI " + s.substr(10) + ")";
  return s;
}

std::string describe_standard(std::string v) {
  if (!v.empty() && (v.back() == 'L' || v.back() == 'l')) v.pop_back();
  static const std::array<std::pair<const char*, const char*>, 4> kKnown{
      {{"201402", "C++14"}, {"201703", "C++17"}, {"202002", "C++20"}, {"202302", "C++23"}}};
  for (const auto& [value, name] : kKnown)
    if (v == value) return name;
  return "C++ with __cplusplus " + v;
}

}  // namespace

std::string to_string(const SdkVersion& v) {
  return std::to_string(v.major) + "." + std::to_string(v.minor) + "." + std::to_string(v.patch);
}

std::string describe_toolchain(const Stamp& s) {
  return describe_compiler(s.compiler) + ", " + describe_stdlib(s.stdlib) + ", " + describe_standard(s.cplusplus);
}

Stamp host_stamp() {
  // This translation unit is compiled with the host's toolchain, so the SDK
  // header's macros describe the host exactly as they describe a plugin.
  static const Stamp host = parse_stamp(FAIRAUDIT_PLUGIN_STAMP, "this fairaudit");
  return host;
}

std::optional<Stamp> read_stamp(const fs::path& path, const std::string& name) {
  const std::string label = plugin_label(name, path);
  std::ifstream in(path, std::ios::binary);
  std::error_code ec;
  const auto file_size = fs::file_size(path, ec);
  if (!in || ec) throw LoadError(label + ": cannot read the file");
  std::array<unsigned char, EI_NIDENT> ident{};
  if (!read_elf_at(in, 0, ident.data(), ident.size()) || std::memcmp(ident.data(), ELFMAG, SELFMAG) != 0)
    throw LoadError(label + " is not a shared library (no ELF header)");
  const bool little = ident[EI_DATA] == ELFDATA2LSB;
  const bool native_little = __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__;
  if (little != native_little || ident[EI_CLASS] != (sizeof(void*) == 8 ? ELFCLASS64 : ELFCLASS32))
    throw LoadError(label + " is a library for another kind of machine");
  const auto bytes = sizeof(void*) == 8
                         ? section_bytes<Elf64_Ehdr, Elf64_Shdr>(in, file_size, FAIRAUDIT_PLUGIN_STAMP_SECTION, label)
                         : section_bytes<Elf32_Ehdr, Elf32_Shdr>(in, file_size, FAIRAUDIT_PLUGIN_STAMP_SECTION, label);
  if (!bytes) return std::nullopt;
  // The stamp is a C string; a sanitizer may pad the section after it.
  return parse_stamp(bytes->substr(0, bytes->find('\0')), label);
}

void check_stamp(const Stamp& plugin, const Stamp& host, const std::string& label) {
  // The toolchain first: with another one, even the version's meaning is not shared.
  if (plugin.compiler != host.compiler || plugin.stdlib != host.stdlib || plugin.cplusplus != host.cplusplus)
    throw LoadError(label + " was built with " + describe_toolchain(plugin) + "; this fairaudit was built with " +
                    describe_toolchain(host) +
                    ". C++ objects cross the plugin boundary, so a plugin must be built with the same compiler "
                    "family and major version, standard library ABI and C++ standard as fairaudit: rebuild it "
                    "with those");
  if (plugin.sdk.major != host.sdk.major)
    throw LoadError(label + " was built against fairaudit SDK " + to_string(plugin.sdk) +
                    "; this fairaudit provides SDK " + to_string(host.sdk) + " and loads plugins built against SDK " +
                    std::to_string(host.sdk.major) + ".0 to " + std::to_string(host.sdk.major) + "." +
                    std::to_string(host.sdk.minor) + ": rebuild the plugin against this fairaudit's SDK");
  if (plugin.sdk.minor > host.sdk.minor)
    throw LoadError(label + " was built against fairaudit SDK " + to_string(plugin.sdk) +
                    ", newer than this fairaudit's SDK " + to_string(host.sdk) + ": upgrade fairaudit to one with SDK " +
                    std::to_string(plugin.sdk.major) + "." + std::to_string(plugin.sdk.minor) +
                    " or later, or rebuild the plugin against this fairaudit's SDK");
}

void check_gate(const fs::path& path, const std::string& name, const Stamp& host) {
  const auto stamp = read_stamp(path, name);
  if (!stamp)
    throw LoadError(plugin_label(name, path) + " is not a fairaudit plugin: it carries no fairaudit stamp (a plugin built "
                    "against an SDK before 3.0.0 carries none either; rebuild it against this fairaudit's SDK)");
  check_stamp(*stamp, host, plugin_label(name, path));
}

}  // namespace fairaudit::loader
