"""Reading the .npz archive of a model file safely: every member's header is checked before any array
is read, so a damaged, foreign or oversized file raises ModelFileError naming the file and the fault.

Refused before reading: a path that is not a regular file (a folder, a named pipe that would block),
members that are not .npy arrays, duplicated, encrypted or compressed by another method than the two
numpy writes (stored, deflate), headers that disagree with the bytes stored, Python objects, and
arrays that would need more memory than the machine has free."""
import math
import os
import stat
import zipfile
import zlib

from numpy.lib import format as npy

from .errors import ModelFileError

ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, KeyError,
              zlib.error, NotImplementedError, RuntimeError)
METHODS = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflate"}


def free_memory():
    """Bytes of memory free now (the physical memory when the system does not say; None if unknown)."""
    for pages in ("SC_AVPHYS_PAGES", "SC_PHYS_PAGES"):
        try:
            return os.sysconf(pages) * os.sysconf("SC_PAGE_SIZE")
        except (ValueError, OSError, AttributeError):
            continue
    return None


def open_zip(path):
    """The archive at path, after checking that it is a readable regular file that starts like a zip."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise ModelFileError(f"{path}: no such model file") from None
    except OSError as e:
        raise ModelFileError(f"{path}: the model file cannot be read ({e.strerror or e})") from None
    if stat.S_ISDIR(mode):
        raise ModelFileError(f"{path}: is a folder, expected an .npz model file written by save_network")
    if not stat.S_ISREG(mode):
        raise ModelFileError(f"{path}: is not a regular file (a named pipe or a device), expected an .npz "
                             "model file written by save_network")
    try:
        with open(path, "rb") as f:
            head = f.read(6)
    except OSError as e:
        raise ModelFileError(f"{path}: the model file cannot be read ({e.strerror or e})") from None
    if head == b"\x93NUMPY":
        raise ModelFileError(f"{path}: a single .npy array, not an .npz model file written by save_network")
    if not head.startswith(b"PK"):
        raise ModelFileError(f"{path}: not an .npz model file (an .npz file is a zip archive; this one "
                             f"starts with {head!r})")
    try:
        return zipfile.ZipFile(path)
    except ZIP_ERRORS as e:
        raise ModelFileError(f"{path}: not a readable .npz model file: the zip archive is truncated "
                             f"or damaged ({e})") from None


def _read_header(zf, info):
    """(shape, dtype) from the .npy header of one member; ValueError if it is not a valid .npy."""
    with zf.open(info) as f:
        version = npy.read_magic(f)
        if version == (1, 0):
            shape, _, dtype = npy.read_array_header_1_0(f)
        elif version == (2, 0):
            shape, _, dtype = npy.read_array_header_2_0(f)
        else:
            raise ValueError(f".npy format version {version} is not supported")
        header_len = f.tell()
    n_bytes = math.prod(shape) * dtype.itemsize
    if dtype.hasobject:
        raise ValueError("it holds Python objects (pickled data); a model file holds plain numbers only")
    if info.file_size != header_len + n_bytes:
        raise ValueError(f"its header promises shape {shape} of {dtype} ({n_bytes} bytes) but it holds "
                         f"{info.file_size - header_len} bytes of data")
    return shape, dtype


def _member_fault(info, seen):
    """Why a member cannot be part of a model file, or None."""
    if not info.filename.endswith(".npy"):
        return f"member {info.filename!r} is not a .npy array; was it written by save_network?"
    if info.filename in seen:
        return f"member {info.filename!r} appears twice; a model file holds each array once"
    if info.flag_bits & 0x1:
        return f"member {info.filename!r} is encrypted; a model file holds plain arrays"
    if info.compress_type not in METHODS:
        return (f"member {info.filename!r} is compressed with zip method {info.compress_type}; a model "
                f"file's members are {' or '.join(METHODS.values())}")
    return None


def headers(path, zf):
    """{array name: (shape, dtype)} for every member, read from the headers only."""
    found, infos = {}, zf.infolist()
    free, total = free_memory(), sum(info.file_size for info in infos)
    if free is not None and total > free:
        raise ModelFileError(f"{path}: its arrays would take {total / 2**30:.1f} GiB, more than the "
                             f"{free / 2**30:.1f} GiB of memory free")
    seen = set()
    for info in infos:
        fault = _member_fault(info, seen)
        seen.add(info.filename)
        if fault:
            raise ModelFileError(f"{path}: {fault}")
        try:
            found[info.filename[:-4]] = _read_header(zf, info)
        except ZIP_ERRORS as e:
            raise ModelFileError(f"{path}: array {info.filename[:-4]} is damaged: {e}") from None
    return found


def read(path, zf, name):
    """The array `name` of the archive, without pickle; ModelFileError naming the file if damaged."""
    try:
        with zf.open(name + ".npy") as f:
            return npy.read_array(f, allow_pickle=False)
    except ZIP_ERRORS as e:
        raise ModelFileError(f"{path}: array {name} is damaged: {e}") from None
