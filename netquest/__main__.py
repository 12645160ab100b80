"""Allow `python -m netquest`."""

from netquest.statuscache import main

if __name__ == "__main__":
    main()
