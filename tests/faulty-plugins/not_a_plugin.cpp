// A shared library with none of fairaudit's entry points.
extern "C" int not_a_plugin_answer() { return 42; }
