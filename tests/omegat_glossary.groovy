// Run by OmegaT 3.6 in console mode (--script=...) after it has loaded a project: writes
// glossary-report.txt in the project folder, with what OmegaT made of each file in glossary/
// and the glossary hits of every source segment, as its Glossary pane would list them.
// Used by tests/test_omegat_glossary.py.
import org.omegat.core.Core
import org.omegat.gui.glossary.*

def root = Core.getProject().getProjectProperties()
def lines = []
new File(root.getGlossaryRoot()).listFiles().sort { it.name }.each { f ->
    try {
        def entries = f.name.endsWith(".tbx") ? GlossaryReaderTBX.read(f, false)
                    : f.name.endsWith(".csv") ? GlossaryReaderCSV.read(f, false)
                    : GlossaryReaderTSV.read(f, false)
        lines << "FILE\t${f.name}\t${entries.size()}"
        entries.each { e -> lines << "ENTRY\t${f.name}\t${e.srcText}\t${e.locText}" }
    } catch (Throwable t) {
        lines << "ERROR\t${f.name}\t${t}"
    }
}
try {
    def manager = new GlossaryManager(null)
    manager.start()
    // The manager loads the folder in the background.
    for (int i = 0; i < 50 && manager.getGlossaryEntries("").isEmpty(); i++) Thread.sleep(100)
    // FindGlossaryThread fills the Glossary pane for the active segment. Console mode has no
    // pane, so the thread object is made without its constructor and given only the fields its
    // search reads (sun.misc.Unsafe; OmegaT 3.6 has no other entry point to its term matcher).
    def unsafeField = sun.misc.Unsafe.getDeclaredField("theUnsafe")
    unsafeField.accessible = true
    def unsafe = unsafeField.get(null)
    def set = { obj, cls, name, value ->
        def field = cls.getDeclaredField(name); field.accessible = true; field.set(obj, value)
    }
    def pane = unsafe.allocateInstance(GlossaryTextArea)
    Core.getProject().allEntries.each { ste ->
        set(pane, org.omegat.gui.common.EntryInfoThreadPane, "currentlyProcessedEntry", ste)
        def finder = unsafe.allocateInstance(FindGlossaryThread)
        set(finder, org.omegat.gui.common.EntryInfoSearchThread, "pane", pane)
        set(finder, org.omegat.gui.common.EntryInfoSearchThread, "currentlyProcessedEntry", ste)
        set(finder, FindGlossaryThread, "src", ste.srcText)
        set(finder, FindGlossaryThread, "manager", manager)
        finder.search().each { e ->
            def segment = ste.srcText.replaceAll("\\s+", " ").take(60)
            lines << "HIT\t${segment}\t${e.srcText}\t${e.locText}"
        }
    }
    manager.stop()
} catch (Throwable t) {
    lines << "ERROR\tsearch\t${t}"
}
new File(root.getProjectRoot(), "glossary-report.txt").setText(lines.join("\n") + "\n", "UTF-8")
