"""fmprep: spaced-repetition exam prep for AWS AIF-C01 Task 3.3, in a terminal."""

__version__ = "0.1.0"
