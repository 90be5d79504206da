// fieldops-dashboard as a function of its command line, so main.cpp stays thin.
#pragma once

namespace fieldops::dashboard {

int dashboardCommand(int argc, char** argv);

}  // namespace fieldops::dashboard
