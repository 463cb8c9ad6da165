// `symemu`: run, inspect and replay an emulated Symcon kernel.
#include "symemu/cli/cli.h"

int main(int argc, char** argv) { return symemu::cli::runCli(argc, argv); }
