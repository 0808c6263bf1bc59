package org.frontdesk.reception.shared;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Predicate;

/**
 * A document of text lines as a PDF (Apache PDFBox): the first line as a heading, the lines
 * {@code bold} picks in bold, pages added as the lines need them. Receipts and statements.
 */
public final class TextPdf {

    private static final float MARGIN = 36;
    private static final float LEADING = 15;

    private TextPdf() {
    }

    public static byte[] render(List<String> lines, String title, String creator, PDRectangle size,
                                Predicate<String> bold) {
        try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            PDType1Font heavy = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
            int perPage = (int) ((size.getHeight() - 2 * MARGIN) / LEADING);
            for (int from = 0; from < Math.max(1, lines.size()); from += perPage) {
                PDPage page = new PDPage(size);
                doc.addPage(page);
                try (PDPageContentStream text = new PDPageContentStream(doc, page)) {
                    text.beginText();
                    text.newLineAtOffset(MARGIN, page.getMediaBox().getHeight() - 48);
                    text.setLeading(LEADING);
                    for (int i = from; i < Math.min(lines.size(), from + perPage); i++) {
                        PDType1Font font = i == 0 || bold.test(lines.get(i)) ? heavy : regular;
                        text.setFont(font, i == 0 ? 13 : 10);
                        text.showText(printable(font, lines.get(i)));
                        text.newLine();
                    }
                    text.endText();
                }
            }
            doc.getDocumentInformation().setTitle(title);
            doc.getDocumentInformation().setCreator(creator);
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The standard PDF fonts cover Latin-1 and a little more; anything else prints as '?'. */
    private static String printable(PDType1Font font, String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            String ch = new String(Character.toChars(cp));
            try {
                font.encode(ch);
                b.append(ch);
            } catch (IOException | IllegalArgumentException e) {
                b.append('?');
            }
        });
        return b.toString();
    }
}
