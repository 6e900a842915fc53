#include "cli/cli.hpp"

int main(int argc, char** argv) { return fairaudit::cli::main(argc, argv); }
