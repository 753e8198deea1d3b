# Wraps a square PNG (up to 256 px) in a one-image .ico file, the form Windows Vista and later read.
import struct
import sys


def main() -> None:
    src, dst = sys.argv[1], sys.argv[2]
    png = open(src, "rb").read()
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit(f"{src}: not a PNG")
    width, height = struct.unpack(">II", png[16:24])
    if width > 256 or height > 256:
        sys.exit(f"{src}: {width}x{height}, an icon holds at most 256x256")
    # ICONDIR (reserved, type 1 = icon, one image), then ICONDIRENTRY; 0 means 256 px.
    header = struct.pack("<HHH", 0, 1, 1)
    entry = struct.pack(
        "<BBBBHHII", width % 256, height % 256, 0, 0, 1, 32, len(png), 6 + 16
    )
    with open(dst, "wb") as out:
        out.write(header + entry + png)


if __name__ == "__main__":
    main()
