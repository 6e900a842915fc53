// One finding as HTML: its message, its chart when its evidence has a shape
// the report draws, its evidence (scalars as a definition list, lists of
// objects as tables), applicants (internal audience only), basis and record.
#pragma once

#include <sstream>

#include "emit/render.hpp"

namespace fairaudit::emit::html {

void finding_html(std::ostringstream& o, const run::AuditFinding& af, const RenderContext& ctx);

// The one-round checklist (emit/checklist.hpp) as a table: a row per part and
// per plugin as headings, each rule's verdict in words, reason, sentences and
// legal basis.
void checklist_html(std::ostringstream& o, const run::RunResult& r, const RenderContext& ctx);

}  // namespace fairaudit::emit::html
