// The operation's plan of posts, read from a CSV file (--posts): name, lat, lon, staffed.
#pragma once

#include <protocol/expected.hpp>
#include <protocol/messages.hpp>

#include <string>
#include <vector>

namespace fieldops {

// The posts in `text`; an error names the line and the field.
Expected<std::vector<PostView>, std::string> parsePosts(std::string_view text);

}  // namespace fieldops
