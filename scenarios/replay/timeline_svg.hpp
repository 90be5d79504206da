// The timeline chart of the after-action report as inline SVG: one row per inject, its time,
// each expected action's deadline, and when (and how well) it was done.
#pragma once

#include <protocol/xml_text.hpp>
#include <scenarios/replay/evaluation.hpp>
#include <string>

namespace fieldops::replay {

std::string timelineSvg(const Evaluation& e);

}  // namespace fieldops::replay
