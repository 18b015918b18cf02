from fmprep.cli import main

main()
