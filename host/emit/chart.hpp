// Charts for the HTML report, drawn by the host as inline SVG (no script, no
// library, nothing fetched). Every chart is a <figure> with a visible title,
// an SVG that carries a <title> and a <desc> as its text alternative
// (role="img"), and the table of the figures behind it.
//
// The chart never draws what disclosure control withholds: a cell without a
// value shows its text ("<5", "hidden") instead of a bar, so no bar length
// gives away a small count.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace fairaudit::emit {

// A table cell: its text and, for figures about people, the evidence kind
// ("count", "rate", "ratio") so that the reader (and the tests) know what it is.
struct TableCell {
  std::string text;
  std::string kind;  // "" for labels
  bool withheld = false;
};

struct ChartCell {
  std::optional<double> value;  // nullopt: no bar (withheld, or undefined)
  std::string text;             // printed at the end of the bar or in its place
  std::string tone;             // "" | "ref" | "adverse": colour and a mark for print
};

struct ChartRow {
  std::string label;
  std::vector<ChartCell> cells;  // one per series
};

struct Chart {
  std::string id;           // unique in the page
  std::string title;        // shown above the chart and as the SVG's <title>
  std::string description;  // the text alternative: what the chart shows, in words
  std::vector<std::string> series;  // legend; one series: no legend
  std::vector<ChartRow> rows;
  double max = 0;        // the axis' end; 0: the largest value
  bool percent = false;  // axis ticks as percentages of 1
  std::optional<double> marker;  // a vertical line (the four-fifths line)
  std::string marker_label;
  std::vector<std::string> table_head;
  std::vector<std::vector<TableCell>> table_rows;
  std::string note;  // a line under the chart
};

// The whole <figure> element.
std::string render_chart(const Chart& c);

// Rows of stacked bars, each the whole of its row (rounds by verdict): the
// parts' shares of the row's total, one colour per part with a legend, the
// counts printed after the bar. A row may open a group (its unit) with a
// heading line above it.
struct StackRow {
  std::string group;  // printed as a heading when it differs from the row before
  std::string label;
  std::vector<std::uint64_t> parts;  // one per StackChart::parts
  std::string text;                  // after the bar
};
struct StackChart {
  std::string id, title, description;
  std::vector<std::string> parts;    // legend
  std::vector<std::string> colours;  // one per part
  std::vector<StackRow> rows;
  std::vector<std::string> table_head;
  std::vector<std::vector<TableCell>> table_rows;
  std::string note;
};
std::string render_stack_chart(const StackChart& c);

// A plot of points and lines on two linear axes (the funnel plot, the
// trend timeline). Lines are drawn in order, points over them.
struct XYLine {
  std::string label;  // legend ("" for none)
  std::vector<std::pair<double, double>> points;
  std::string colour;
  std::string dash;   // SVG stroke-dasharray, "" solid
  bool markers = false;
};
struct XYPoint {
  double x = 0, y = 0;
  std::string label;  // the point's tooltip (<title>)
  std::string tone;   // "" | "adverse" | "high"
};
struct XYChart {
  std::string id, title, description, x_label, y_label;
  double x_min = 0, x_max = 1, y_min = 0, y_max = 1;
  std::vector<std::pair<double, std::string>> x_ticks, y_ticks;
  std::vector<XYLine> lines;
  std::vector<XYPoint> points;
  std::vector<std::string> table_head;
  std::vector<std::vector<TableCell>> table_rows;
  std::string note;
};
std::string render_xy_chart(const XYChart& c);

// Spiegelhalter's control limit for a binomial proportion (Statistics in
// Medicine 24 (2005) 1185-1202, appendix A.1.1): the p-quantile of the
// proportion of n trials with success probability theta, interpolated
// between the integers so that the funnel's limits are smooth:
// r = the smallest integer with P(X <= r) >= p, alpha = (P(X <= r) - p) /
// P(X = r), limit = (r - alpha) / n. n > 0.
double binomial_limit(std::int64_t n, double theta, double p);
// The control limit of a ratio of two proportions, focal ÷ reference, in a
// unit with n1 focal and n2 reference trials, when each group has its pooled
// proportion p1, p2 (Spiegelhalter 2005, section 3, a ratio on the log
// scale): the p-quantile p1/p2 · exp(z_p · s), with
// s^2 = (1 - p1) / (n1 p1) + (1 - p2) / (n2 p2) by the delta method.
// n1, n2 > 0; 0 < p1, p2 < 1.
double ratio_limit(double n1, double n2, double p1, double p2, double p);
// The smallest r with P(X <= r) >= p for X ~ Binomial(n, theta).
std::int64_t binomial_quantile(std::int64_t n, double theta, double p);
// 1, 2 or 5 times a power of ten, about max/4: a round axis step.
double nice_step(double max);

// The data table alone (also used for tables that have no chart).
std::string render_table(const std::vector<std::string>& head, const std::vector<std::vector<TableCell>>& rows,
                         const std::string& caption = {}, const std::string& css_class = {});

std::string html_escape(std::string_view s);

}  // namespace fairaudit::emit
