//! The one layout every generated file gets, whatever the templates' whitespace control:
//! `\n` line endings, no trailing spaces, no leading or trailing blank lines, never two blank
//! lines in a row, exactly one trailing newline — the same bytes on every machine.
//!
//! [`Normalizer`] applies it line by line as text is written, so a file can go from the
//! renderer to its destination in pieces without ever being whole in memory twice.

use std::io::{self, Write};

/// A writer that normalizes what passes through it into `out`.
pub struct Normalizer<W: Write> {
    out: W,
    /// The start of a line whose end has not been written yet.
    partial: Vec<u8>,
    /// A blank line was seen after text: written before the next line of text, if any.
    blank: bool,
    /// Whether any line of text was written.
    wrote: bool,
}

impl<W: Write> Normalizer<W> {
    pub fn new(out: W) -> Self {
        Self {
            out,
            partial: Vec::new(),
            blank: false,
            wrote: false,
        }
    }

    /// Ends the text: writes its last line, and returns the destination and whether it
    /// received any text (a file that rendered to blank lines only is no file).
    pub fn finish(mut self) -> io::Result<(W, bool)> {
        if !self.partial.is_empty() {
            let last = std::mem::take(&mut self.partial);
            self.line(&last)?;
        }
        Ok((self.out, self.wrote))
    }

    fn line(&mut self, line: &[u8]) -> io::Result<()> {
        let text = std::str::from_utf8(line)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?
            .trim_end();
        if text.is_empty() {
            self.blank = self.wrote;
            return Ok(());
        }
        if self.blank {
            self.out.write_all(b"\n")?;
            self.blank = false;
        }
        self.out.write_all(text.as_bytes())?;
        self.out.write_all(b"\n")?;
        self.wrote = true;
        Ok(())
    }
}

impl<W: Write> Write for Normalizer<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let mut rest = bytes;
        while let Some(end) = rest.iter().position(|b| *b == b'\n') {
            let (line, after) = rest.split_at(end);
            if self.partial.is_empty() {
                self.line(line)?;
            } else {
                let mut whole = std::mem::take(&mut self.partial);
                whole.extend_from_slice(line);
                self.line(&whole)?;
            }
            rest = &after[1..];
        }
        self.partial.extend_from_slice(rest);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// `text` normalized, as a string (`"\n"` for a text without any).
pub fn normalize(text: &str) -> String {
    let mut normalizer = Normalizer::new(Vec::with_capacity(text.len() + 1));
    // Writing to a Vec cannot fail, and a &str is UTF-8.
    let written = normalizer
        .write_all(text.as_bytes())
        .and_then(|()| normalizer.finish());
    match written {
        Ok((bytes, true)) => String::from_utf8(bytes).unwrap_or_default(),
        _ => "\n".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_trims_lines_and_collapses_blank_runs() {
        let text = "\n \r\n# head  \r\n\n\n\t\nbody\t\r\r\n  x\n\n\n";
        assert_eq!(normalize(text), "# head\n\nbody\n  x\n");
    }

    #[test]
    fn normalize_of_nothing_is_one_newline() {
        assert_eq!(normalize(" \n\n"), "\n");
        assert_eq!(normalize("a"), "a\n");
    }

    #[test]
    fn pieces_split_anywhere_give_the_same_bytes_as_the_whole() {
        let text = "\n\n# a  \r\nb\n\n\n  c\t\n\nd é\u{2028}\n\n";
        let whole = normalize(text);
        for size in 1..text.len() {
            let mut normalizer = Normalizer::new(Vec::new());
            // Split on bytes, even inside a character: lines are decoded whole.
            for piece in text.as_bytes().chunks(size) {
                normalizer.write_all(piece).unwrap();
            }
            let (bytes, wrote) = normalizer.finish().unwrap();
            assert!(wrote);
            assert_eq!(String::from_utf8(bytes).unwrap(), whole, "pieces of {size}");
        }
    }

    #[test]
    fn blank_text_writes_nothing_and_says_so() {
        let mut normalizer = Normalizer::new(Vec::new());
        normalizer.write_all(b" \n\t\n\n").unwrap();
        assert_eq!(normalizer.finish().unwrap(), (Vec::new(), false));
    }
}
