// The centre app's own part of the platform seam (platform.hpp is the shared part):
// the camera scanner of web/staff.js. Implemented by platform_centre_web.cpp.
#pragma once

namespace mawid::client::platform {

bool can_scan();  // the browser offers BarcodeDetector (and so a camera scanner)
// Opens the camera; a code read arrives as PlatformListener::on_input(field, text).
void scan_start(int field);
void scan_stop();
// Opens the browser's file picker for a CSV file; its text arrives as
// PlatformListener::on_input(field, text) (web/staff.js pickFile).
void pick_file(int field);

}  // namespace mawid::client::platform
