import java.io.File;
import org.omegat.core.Core;
import org.omegat.core.data.ProjectProperties;
import org.omegat.core.data.RealProject;
import org.omegat.gui.glossary.GlossaryEntry;
import org.omegat.gui.glossary.GlossaryReaderCSV;
import org.omegat.gui.glossary.GlossaryReaderTBX;
import org.omegat.gui.glossary.GlossaryReaderTSV;
import org.omegat.util.Language;

/** Prints what OmegaT's own glossary readers take from a file: source, targets, comment. */
public class GlossaryCheck {
    public static void main(String[] args) throws Exception {
        File file = new File(args[0]);
        ProjectProperties props = new ProjectProperties(file.getAbsoluteFile().getParentFile());
        props.setSourceLanguage(new Language(args[1]));
        props.setTargetLanguage(new Language(args[2]));
        Core.setProject(new RealProject(props));
        String name = file.getName().toLowerCase();
        java.util.List<GlossaryEntry> entries = name.endsWith(".tbx")
            ? GlossaryReaderTBX.read(file, false)
            : name.endsWith(".csv") ? GlossaryReaderCSV.read(file, false)
            : GlossaryReaderTSV.read(file, false);
        for (GlossaryEntry e : entries) {
            System.out.println(e.getSrcText() + "\t" + String.join("|", e.getLocTerms(false))
                + "\t" + e.getCommentText().replace("\n", " / "));
        }
    }
}
