"""Allow `python -m netquest`."""

from netquest.cli import main

if __name__ == "__main__":
    main()
