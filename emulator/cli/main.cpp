// `symemu`: run, inspect and replay an emulated Symcon kernel.
#include "cli.h"

int main(int argc, char** argv) { return symemu::cli::runCli(argc, argv); }
