// One finding as HTML: its message, its chart when its evidence has a shape
// the report draws, its evidence (scalars as a definition list, lists of
// objects as tables), applicants (internal audience only), basis and record.
#pragma once

#include <sstream>

#include "emit/render.hpp"

namespace fairaudit::emit::html {

void finding_html(std::ostringstream& o, const run::AuditFinding& af, const RenderContext& ctx);

}  // namespace fairaudit::emit::html
