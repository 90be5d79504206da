// <curses.h> for the dashboard's drawing files. curses defines macros named OK, ERR, timeout...
// that clash with the generated protocol code (ControlReply::OK), so the protocol headers are
// read first and curses' OK/ERR are only ever used after them.
#pragma once

// The order matters here.
// clang-format off
#include <protocol/messages.hpp>
#include <curses.h>
// clang-format on
