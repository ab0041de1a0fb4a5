from honbu.cli import main

main()
