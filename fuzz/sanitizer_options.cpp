// Sanitizer defaults for the fuzz targets: stop at the first report (so the
// fuzzer records it as a crash), with a stack trace, and apply the few
// suppressions for third-party headers in cmake/ubsan.supp.
#define FAIRAUDIT_EXPORT __attribute__((visibility("default")))

extern "C" FAIRAUDIT_EXPORT const char* __ubsan_default_options() {
  return "halt_on_error=1:print_stacktrace=1:suppressions=" FAIRAUDIT_FUZZ_UBSAN_SUPPRESSIONS;
}
