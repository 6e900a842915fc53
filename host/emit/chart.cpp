#include "emit/chart.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include <boost/math/distributions/binomial.hpp>
#include <boost/math/distributions/normal.hpp>

#include "i18n/i18n.hpp"

namespace fairaudit::emit {
namespace {

// Okabe & Ito's palette: told apart with the common colour-vision deficiencies.
constexpr const char* kPalette[] = {"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#F0E442"};
constexpr const char* kReference = "#009E73";
constexpr const char* kAdverse = "#D55E00";

constexpr int kWidth = 720;
constexpr int kLabel = 210;   // label column
constexpr int kRight = 110;   // room for the value text after the longest bar
constexpr int kPlot = kWidth - kLabel - kRight;
constexpr int kBar = 14, kBarGap = 2, kRowGap = 10;

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  std::string s = buf;
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
  return s;
}

std::string tick_text(double v, bool percent) {
  char buf[32];
  if (percent) std::snprintf(buf, sizeof buf, "%.0f%%", v * 100.0);
  else std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}


std::string shorten(const std::string& s, std::size_t max_chars) {
  // Counts UTF-8 code points, cuts on a code-point boundary.
  std::size_t chars = 0, i = 0;
  for (; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (chars == max_chars) break;
      ++chars;
    }
  }
  if (i >= s.size()) return s;
  return s.substr(0, i) + "…";
}

}  // namespace

// A round step for about four ticks: 1, 2 or 5 times a power of ten.
double nice_step(double max) {
  if (max <= 0) return 1;
  double raw = max / 4.0;
  double p = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (raw <= m * p) return m * p;
  return 10 * p;
}

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string render_table(const std::vector<std::string>& head, const std::vector<std::vector<TableCell>>& rows,
                         const std::string& caption, const std::string& css_class) {
  std::ostringstream o;
  o << "<table" << (css_class.empty() ? "" : " class=\"" + html_escape(css_class) + "\"") << ">";
  if (!caption.empty()) o << "<caption>" << html_escape(caption) << "</caption>";
  o << "<thead><tr>";
  for (const auto& h : head) o << "<th scope=\"col\">" << html_escape(h) << "</th>";
  o << "</tr></thead><tbody>";
  for (const auto& row : rows) {
    o << "<tr>";
    for (std::size_t i = 0; i < row.size(); ++i) {
      const TableCell& c = row[i];
      const char* tag = i == 0 ? "th" : "td";
      o << "<" << tag;
      if (i == 0) o << " scope=\"row\"";
      if (!c.kind.empty()) o << " data-kind=\"" << html_escape(c.kind) << "\" class=\"num\"";
      if (c.withheld) o << " data-withheld=\"1\"";
      o << ">" << html_escape(c.text) << "</" << tag << ">";
    }
    o << "</tr>";
  }
  o << "</tbody></table>";
  return o.str();
}

std::string render_chart(const Chart& c) {
  const std::size_t k = std::max<std::size_t>(1, c.series.size());
  double max = c.max;
  if (max <= 0) {
    for (const auto& r : c.rows)
      for (const auto& cell : r.cells)
        if (cell.value) max = std::max(max, *cell.value);
    if (c.marker) max = std::max(max, *c.marker);
    if (max <= 0) max = 1;
  }
  const double step = c.percent ? 0.25 * max : nice_step(max);
  if (!c.percent) max = std::ceil(max / step - 1e-9) * step;

  const int legend_h = c.series.size() > 1 ? 22 : 0;
  const int top = legend_h + (c.marker ? 18 : 6);
  const int row_h = static_cast<int>(k) * (kBar + kBarGap) - kBarGap + kRowGap;
  const int plot_h = static_cast<int>(c.rows.size()) * row_h;
  const int height = top + plot_h + 26;
  auto x_of = [&](double v) { return kLabel + v / max * kPlot; };

  std::ostringstream o;
  const std::string tid = c.id + "-title", did = c.id + "-desc";
  o << "<figure class=\"chart\" id=\"" << html_escape(c.id) << "\">";
  o << "<figcaption class=\"chart-title\">" << html_escape(c.title) << "</figcaption>";
  o << "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 " << kWidth << " " << height
    << "\" width=\"" << kWidth << "\" height=\"" << height << "\" aria-labelledby=\"" << tid << " " << did << "\">";
  o << "<title id=\"" << tid << "\">" << html_escape(c.title) << "</title>";
  o << "<desc id=\"" << did << "\">" << html_escape(c.description) << "</desc>";

  // Legend.
  if (c.series.size() > 1) {
    int x = kLabel;
    for (std::size_t s = 0; s < c.series.size(); ++s) {
      o << "<rect x=\"" << x << "\" y=\"4\" width=\"12\" height=\"12\" fill=\"" << kPalette[s % 6] << "\"/>";
      o << "<text x=\"" << x + 16 << "\" y=\"14\" class=\"legend\">" << html_escape(c.series[s]) << "</text>";
      x += 24 + static_cast<int>(c.series[s].size()) * 7;
    }
  }

  // Grid and axis.
  const int axis_y = top + plot_h;
  for (double t = 0; t <= max + 1e-9; t += step) {
    const std::string x = num(x_of(t));
    o << "<line x1=\"" << x << "\" y1=\"" << top << "\" x2=\"" << x << "\" y2=\"" << axis_y
      << "\" class=\"grid\" stroke=\"#ddd\"/>";
    o << "<text x=\"" << x << "\" y=\"" << axis_y + 16 << "\" text-anchor=\"middle\" class=\"tick\">"
      << tick_text(t, c.percent) << "</text>";
  }
  o << "<line x1=\"" << kLabel << "\" y1=\"" << top << "\" x2=\"" << kLabel << "\" y2=\"" << axis_y
    << "\" stroke=\"#555\"/>";

  // Rows.
  for (std::size_t i = 0; i < c.rows.size(); ++i) {
    const ChartRow& r = c.rows[i];
    const int y0 = top + static_cast<int>(i) * row_h + kRowGap / 2;
    const int mid = y0 + (row_h - kRowGap) / 2;
    o << "<text x=\"" << kLabel - 8 << "\" y=\"" << mid + 4 << "\" text-anchor=\"end\" class=\"label\"><title>"
      << html_escape(r.label) << "</title>" << html_escape(shorten(r.label, 30)) << "</text>";
    for (std::size_t s = 0; s < r.cells.size(); ++s) {
      const ChartCell& cell = r.cells[s];
      const int y = y0 + static_cast<int>(s) * (kBar + kBarGap);
      double w = 0;
      if (cell.value) {
        w = std::max(0.0, std::min(*cell.value, max)) / max * kPlot;
        if (*cell.value > 0 && w < 1) w = 1;
        const char* fill = cell.tone == "adverse"  ? kAdverse
                           : cell.tone == "ref"    ? kReference
                                                   : kPalette[s % 6];
        o << "<rect x=\"" << kLabel << "\" y=\"" << y << "\" width=\"" << num(w) << "\" height=\"" << kBar
          << "\" fill=\"" << fill << "\" class=\"bar" << (cell.tone.empty() ? "" : " " + cell.tone) << "\"/>";
      }
      o << "<text x=\"" << num(kLabel + w + 4) << "\" y=\"" << y + kBar - 3 << "\" class=\"value"
        << (cell.value ? "" : " na") << "\">" << html_escape(cell.text) << "</text>";
    }
  }

  // The marker line goes over the bars.
  if (c.marker) {
    const std::string x = num(x_of(*c.marker));
    o << "<line x1=\"" << x << "\" y1=\"" << top - 4 << "\" x2=\"" << x << "\" y2=\"" << axis_y
      << "\" class=\"marker\" stroke=\"#222\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\"/>";
    o << "<text x=\"" << x << "\" y=\"" << top - 7 << "\" text-anchor=\"middle\" class=\"marker-label\">"
      << html_escape(c.marker_label) << "</text>";
  }
  o << "</svg>";
  if (!c.note.empty()) o << "<p class=\"chart-note\">" << html_escape(c.note) << "</p>";
  if (!c.table_head.empty())
    o << "<details class=\"chart-data\"><summary>" << html_escape(i18n::text("Figures behind the chart")) << "</summary>"
      << render_table(c.table_head, c.table_rows) << "</details>";
  o << "</figure>";
  return o.str();
}

std::string render_stack_chart(const StackChart& c) {
  // Each row: its label on a line of its own (a rule's summary in the
  // reader's language is long), the bar under it, the counts after the bar.
  constexpr int kGroupH = 22, kRowH = 34, kStack = 14, kLeft = 16, kBarW = kWidth - kLeft - 170;
  int height = 26;
  std::string last_group;
  for (const auto& r : c.rows) {
    if (r.group != last_group) height += kGroupH;
    last_group = r.group;
    height += kRowH;
  }
  height += 8;
  std::ostringstream o;
  const std::string tid = c.id + "-title", did = c.id + "-desc";
  o << "<figure class=\"chart\" id=\"" << html_escape(c.id) << "\">";
  o << "<figcaption class=\"chart-title\">" << html_escape(c.title) << "</figcaption>";
  o << "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 " << kWidth << " " << height
    << "\" width=\"" << kWidth << "\" height=\"" << height << "\" aria-labelledby=\"" << tid << " " << did << "\">";
  o << "<title id=\"" << tid << "\">" << html_escape(c.title) << "</title>";
  o << "<desc id=\"" << did << "\">" << html_escape(c.description) << "</desc>";
  int x = 8;
  for (std::size_t s = 0; s < c.parts.size(); ++s) {
    o << "<rect x=\"" << x << "\" y=\"4\" width=\"12\" height=\"12\" fill=\"" << c.colours[s] << "\"/>";
    o << "<text x=\"" << x + 16 << "\" y=\"14\" class=\"legend\">" << html_escape(c.parts[s]) << "</text>";
    x += 28 + static_cast<int>(c.parts[s].size()) * 7;
  }
  int y = 26;
  last_group.clear();
  for (const auto& r : c.rows) {
    if (r.group != last_group) {
      o << "<text x=\"4\" y=\"" << y + 16 << "\" class=\"group\" font-weight=\"bold\"><title>" << html_escape(r.group)
        << "</title>" << html_escape(shorten(r.group, 80)) << "</text>";
      y += kGroupH;
    }
    last_group = r.group;
    o << "<text x=\"" << kLeft << "\" y=\"" << y + 11 << "\" class=\"label\"><title>" << html_escape(r.label)
      << "</title>" << html_escape(shorten(r.label, 95)) << "</text>";
    const int by = y + 15;
    std::uint64_t total = 0;
    for (auto v : r.parts) total += v;
    double at = kLeft;
    for (std::size_t s = 0; s < r.parts.size() && total; ++s) {
      if (!r.parts[s]) continue;
      const double w = double(r.parts[s]) / double(total) * kBarW;
      o << "<rect x=\"" << num(at) << "\" y=\"" << by << "\" width=\"" << num(w) << "\" height=\"" << kStack
        << "\" fill=\"" << c.colours[s % c.colours.size()] << "\" class=\"part\"><title>" << html_escape(c.parts[s])
        << ": " << r.parts[s] << "</title></rect>";
      at += w;
    }
    if (!total)
      o << "<rect x=\"" << kLeft << "\" y=\"" << by << "\" width=\"" << kBarW << "\" height=\"" << kStack
        << "\" fill=\"none\" stroke=\"#999\" stroke-dasharray=\"3 3\"/>";
    o << "<text x=\"" << kLeft + kBarW + 6 << "\" y=\"" << by + 11 << "\" class=\"value\">" << html_escape(r.text)
      << "</text>";
    y += kRowH;
  }
  o << "</svg>";
  if (!c.note.empty()) o << "<p class=\"chart-note\">" << html_escape(c.note) << "</p>";
  if (!c.table_head.empty())
    o << "<details class=\"chart-data\"><summary>" << html_escape(i18n::text("Figures behind the chart"))
      << "</summary>" << render_table(c.table_head, c.table_rows) << "</details>";
  o << "</figure>";
  return o.str();
}

std::string render_xy_chart(const XYChart& c) {
  constexpr int kLeft = 64, kTop = 30, kPlotW = kWidth - kLeft - 24, kPlotH = 300, kBottom = 44;
  const int height = kTop + kPlotH + kBottom;
  const double xs = c.x_max > c.x_min ? c.x_max - c.x_min : 1, ys = c.y_max > c.y_min ? c.y_max - c.y_min : 1;
  auto X = [&](double v) { return kLeft + (v - c.x_min) / xs * kPlotW; };
  auto Y = [&](double v) {
    return kTop + kPlotH - (std::clamp(v, c.y_min, c.y_max) - c.y_min) / ys * kPlotH;
  };
  std::ostringstream o;
  const std::string tid = c.id + "-title", did = c.id + "-desc";
  o << "<figure class=\"chart\" id=\"" << html_escape(c.id) << "\">";
  o << "<figcaption class=\"chart-title\">" << html_escape(c.title) << "</figcaption>";
  o << "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 " << kWidth << " " << height
    << "\" width=\"" << kWidth << "\" height=\"" << height << "\" aria-labelledby=\"" << tid << " " << did << "\">";
  o << "<title id=\"" << tid << "\">" << html_escape(c.title) << "</title>";
  o << "<desc id=\"" << did << "\">" << html_escape(c.description) << "</desc>";
  // Legend.
  int lx = kLeft;
  for (const auto& l : c.lines) {
    if (l.label.empty()) continue;
    o << "<line x1=\"" << lx << "\" y1=\"10\" x2=\"" << lx + 18 << "\" y2=\"10\" stroke=\"" << l.colour
      << "\" stroke-width=\"2\"" << (l.dash.empty() ? "" : " stroke-dasharray=\"" + l.dash + "\"") << "/>";
    o << "<text x=\"" << lx + 22 << "\" y=\"14\" class=\"legend\">" << html_escape(l.label) << "</text>";
    lx += 34 + static_cast<int>(l.label.size()) * 7;
  }
  // Grid, ticks, axis titles.
  for (const auto& [v, t] : c.y_ticks) {
    const std::string y = num(Y(v));
    o << "<line x1=\"" << kLeft << "\" y1=\"" << y << "\" x2=\"" << kLeft + kPlotW << "\" y2=\"" << y
      << "\" stroke=\"#ddd\" class=\"grid\"/><text x=\"" << kLeft - 6 << "\" y=\"" << y
      << "\" dy=\"4\" text-anchor=\"end\" class=\"tick\">" << html_escape(t) << "</text>";
  }
  for (const auto& [v, t] : c.x_ticks) {
    const std::string x = num(X(v));
    o << "<line x1=\"" << x << "\" y1=\"" << kTop << "\" x2=\"" << x << "\" y2=\"" << kTop + kPlotH
      << "\" stroke=\"#eee\" class=\"grid\"/><text x=\"" << x << "\" y=\"" << kTop + kPlotH + 16
      << "\" text-anchor=\"middle\" class=\"tick\">" << html_escape(t) << "</text>";
  }
  o << "<rect x=\"" << kLeft << "\" y=\"" << kTop << "\" width=\"" << kPlotW << "\" height=\"" << kPlotH
    << "\" fill=\"none\" stroke=\"#555\"/>";
  o << "<text x=\"" << kLeft + kPlotW / 2 << "\" y=\"" << height - 6 << "\" text-anchor=\"middle\" class=\"axis\">"
    << html_escape(c.x_label) << "</text>";
  o << "<text x=\"14\" y=\"" << kTop + kPlotH / 2 << "\" text-anchor=\"middle\" class=\"axis\" transform=\"rotate(-90 14 "
    << kTop + kPlotH / 2 << ")\">" << html_escape(c.y_label) << "</text>";
  for (const auto& l : c.lines) {
    if (l.points.empty()) continue;
    o << "<polyline fill=\"none\" stroke=\"" << l.colour << "\" stroke-width=\"1.5\""
      << (l.dash.empty() ? "" : " stroke-dasharray=\"" + l.dash + "\"") << " points=\"";
    for (const auto& [x, y] : l.points) o << num(X(x)) << "," << num(Y(y)) << " ";
    o << "\"/>";
    if (l.markers)
      for (const auto& [x, y] : l.points)
        o << "<circle cx=\"" << num(X(x)) << "\" cy=\"" << num(Y(y)) << "\" r=\"3\" fill=\"" << l.colour << "\"/>";
  }
  for (const auto& p : c.points) {
    const char* fill = p.tone == "adverse" ? kAdverse : p.tone == "high" ? kPalette[0] : "#555";
    o << "<circle cx=\"" << num(X(p.x)) << "\" cy=\"" << num(Y(p.y)) << "\" r=\"4.5\" fill=\"" << fill
      << "\" class=\"point" << (p.tone.empty() ? "" : " " + p.tone) << "\"><title>" << html_escape(p.label)
      << "</title></circle>";
  }
  o << "</svg>";
  if (!c.note.empty()) o << "<p class=\"chart-note\">" << html_escape(c.note) << "</p>";
  if (!c.table_head.empty())
    o << "<details class=\"chart-data\"><summary>" << html_escape(i18n::text("Figures behind the chart"))
      << "</summary>" << render_table(c.table_head, c.table_rows) << "</details>";
  o << "</figure>";
  return o.str();
}

std::int64_t binomial_quantile(std::int64_t n, double theta, double p) {
  const boost::math::binomial_distribution<double> b(static_cast<double>(n), theta);
  // The cdf is monotone in r: the smallest r with cdf(r) >= p by bisection.
  std::int64_t lo = 0, hi = n;
  while (lo < hi) {
    const std::int64_t mid = lo + (hi - lo) / 2;
    if (boost::math::cdf(b, static_cast<double>(mid)) >= p) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

double ratio_limit(double n1, double n2, double p1, double p2, double p) {
  const double s = std::sqrt((1 - p1) / (n1 * p1) + (1 - p2) / (n2 * p2));
  return p1 / p2 * std::exp(boost::math::quantile(boost::math::normal(), p) * s);
}

double binomial_limit(std::int64_t n, double theta, double p) {
  const boost::math::binomial_distribution<double> b(static_cast<double>(n), theta);
  const std::int64_t r = binomial_quantile(n, theta, p);
  const double f = boost::math::cdf(b, static_cast<double>(r));
  const double pr = boost::math::pdf(b, static_cast<double>(r));
  const double alpha = pr > 0 ? (f - p) / pr : 0;
  return (static_cast<double>(r) - alpha) / static_cast<double>(n);
}

}  // namespace fairaudit::emit
