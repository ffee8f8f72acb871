"""`python -m lib.demo`: build a demo clinic from the command line."""

from lib.demo import main

main()
