// Charts for the HTML report, drawn by the host as inline SVG (no script, no
// library, nothing fetched). Every chart is a <figure> with a visible title,
// an SVG that carries a <title> and a <desc> as its text alternative
// (role="img"), and the table of the figures behind it.
//
// The chart never draws what disclosure control withholds: a cell without a
// value shows its text ("<5", "hidden") instead of a bar, so no bar length
// gives away a small count.
#pragma once

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

// The data table alone (also used for tables that have no chart).
std::string render_table(const std::vector<std::string>& head, const std::vector<std::vector<TableCell>>& rows,
                         const std::string& caption = {}, const std::string& css_class = {});

std::string html_escape(std::string_view s);

}  // namespace fairaudit::emit
