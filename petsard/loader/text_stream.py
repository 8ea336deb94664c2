"""A text file handed to pyarrow's CSV reader a block at a time, as UTF-8, so a read that
stops early (``nrows``) has read little more than the rows it keeps, and a whole read never
holds the file's text in memory beside its table."""

from __future__ import annotations

import codecs
import io
from pathlib import Path

import pyarrow as pa

UTF8 = {"utf-8", "utf-8-sig"}  # pyarrow reads UTF-8 natively and skips a byte order mark
BLOCK_SIZE = 1 << 20  # pyarrow's default


class Utf8Blocks(io.RawIOBase):
    """The file's text as UTF-8 (gunzipped when it ends in .gz; decoded from ``encoding``
    block by block, a byte order mark left for pyarrow to skip).

    A block never ends in a CR that has more text after it: pyarrow (21 to 25 at least) drops
    the LF of a CR LF pair split between blocks, even inside a quoted value
    (apache/arrow#51368). Bytes that do not decode end the text where they start (or where
    the block before them ends), and set ``undecodable``: pyarrow reads ahead of the rows it
    is asked for, and an error raised here would stop a read whose rows all decode.
    """

    def __init__(self, path: Path, encoding: str, pool: pa.MemoryPool) -> None:
        super().__init__()
        source = pa.OSFile(str(path), "r", memory_pool=pool)
        if path.suffix.lower() == ".gz":
            source = pa.CompressedInputStream(source, "gzip")
        self._source = source
        # surrogateescape: the bytes that do not decode become lone surrogates, which no text
        # decodes to and UTF-8 cannot encode, so the first one shows where to stop
        self._decoder = (None if codecs.lookup(encoding).name in UTF8
                         else codecs.getincrementaldecoder(encoding)("surrogateescape"))
        self._pending = b""
        self._ended = False
        self.undecodable = False

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            return b"".join(iter(lambda: self.read(BLOCK_SIZE), b""))
        while len(self._pending) < size and not self._ended:
            self._pending += self._next_text(size - len(self._pending))
        block, self._pending = self._pending[:size], self._pending[size:]
        if len(block) > 1 and block.endswith(b"\r"):  # its LF, if any, starts the next block
            block, self._pending = block[:-1], b"\r" + self._pending
        return block

    def _next_text(self, size: int) -> bytes:
        raw = self._source.read(size)
        self._ended = not raw
        if self._decoder is None:
            return raw
        try:
            text = self._decoder.decode(raw, final=self._ended)
            return text.encode("utf-8")
        except UnicodeEncodeError as exc:  # at the first byte that did not decode
            self._ended = self.undecodable = True
            return text[:exc.start].encode("utf-8")
        except UnicodeDecodeError:  # bytes below 128 cannot be escaped: end with the block
            self._ended = self.undecodable = True
            return b""

    def close(self) -> None:
        self._source.close()
        super().close()
