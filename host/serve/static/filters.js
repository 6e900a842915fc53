// fairaudit serve: the one script. Every page works without it; this file is
// the place for the findings filters that apply without a reload.
"use strict";
