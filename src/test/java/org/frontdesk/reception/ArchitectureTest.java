package org.frontdesk.reception;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Keeps the dependency direction of DESIGN.md:
 * {@code shared <- fhir <- {patient, coding} <- coverage <- scheduling <- claims <- {payments, reminders} <- reports}, with
 * {@code security} usable by all (and using only {@code shared}), and HAPI's model only in FHIR mappers, FHIR resources,
 * the {@code fhir} package and insurer adapters.
 */
class ArchitectureTest {

    private static final String BASE = "org.frontdesk.reception";
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(BASE);
    }

    private static String pkg(String feature) {
        return BASE + "." + feature + "..";
    }

    @Test
    void featuresHaveNoCycles() {
        slices().matching(BASE + ".(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void sharedDependsOnNoFeature() {
        noClasses().that().resideInAPackage(pkg("shared")).should().dependOnClassesThat()
                .resideInAnyPackage(pkg("fhir"), pkg("patient"), pkg("coding"), pkg("coverage"), pkg("scheduling"),
                        pkg("claims"), pkg("security"))
                .check(classes);
    }

    @Test
    void fhirPlumbingUsesOnlySharedAndSecurity() {
        noClasses().that().resideInAPackage(pkg("fhir")).should().dependOnClassesThat()
                .resideInAnyPackage(pkg("patient"), pkg("coding"), pkg("coverage"), pkg("scheduling"), pkg("claims"))
                .check(classes);
    }

    @Test
    void securityUsesOnlyShared() {
        noClasses().that().resideInAPackage(pkg("security")).should().dependOnClassesThat()
                .resideInAnyPackage(pkg("fhir"), pkg("patient"), pkg("coding"), pkg("coverage"), pkg("scheduling"),
                        pkg("claims"))
                .check(classes);
    }

    @Test
    void patientAndCodingDependOnNoLaterFeature() {
        for (String f : new String[]{"patient", "coding"}) {
            noClasses().that().resideInAPackage(pkg(f)).should().dependOnClassesThat()
                    .resideInAnyPackage(pkg(f.equals("patient") ? "coding" : "patient"), pkg("coverage"),
                            pkg("scheduling"), pkg("claims"))
                    .allowEmptyShould(true).check(classes);
        }
    }

    @Test
    void coverageDependsOnNoLaterFeature() {
        noClasses().that().resideInAPackage(pkg("coverage")).should().dependOnClassesThat()
                .resideInAnyPackage(pkg("scheduling"), pkg("claims")).allowEmptyShould(true).check(classes);
    }

    @Test
    void schedulingDependsOnNoLaterFeature() {
        noClasses().that().resideInAPackage(pkg("scheduling")).should().dependOnClassesThat()
                .resideInAnyPackage(pkg("claims")).allowEmptyShould(true).check(classes);
    }

    @Test
    void paymentsRemindersAndReportsComeLast() {
        noClasses().that().resideInAnyPackage(pkg("shared"), pkg("fhir"), pkg("security"), pkg("patient"), pkg("coding"),
                        pkg("coverage"), pkg("scheduling"), pkg("claims"))
                .should().dependOnClassesThat().resideInAnyPackage(pkg("payments"), pkg("reminders"), pkg("reports"))
                .check(classes);
        noClasses().that().resideInAPackage(pkg("payments")).should().dependOnClassesThat()
                .resideInAnyPackage(pkg("reminders"), pkg("reports")).allowEmptyShould(true).check(classes);
        noClasses().that().resideInAPackage(pkg("reminders")).should().dependOnClassesThat()
                .resideInAnyPackage(pkg("payments"), pkg("reports"), pkg("claims")).allowEmptyShould(true).check(classes);
    }

    /** The OpenAPI contract documents Idempotency-Key on every mutating /api call (ApiContractFilter): so it must be true. */
    @Test
    void everyMutatingApiCallHonoursAnIdempotencyKey() {
        methods().that().areAnnotatedWith(jakarta.ws.rs.POST.class).or().areAnnotatedWith(jakarta.ws.rs.PUT.class)
                .or().areAnnotatedWith(jakarta.ws.rs.PATCH.class).or().areAnnotatedWith(jakarta.ws.rs.DELETE.class)
                .and().areDeclaredInClassesThat().haveSimpleNameNotEndingWith("FhirResource")
                .and().areDeclaredInClassesThat().areNotInterfaces()
                .should().beAnnotatedWith(org.frontdesk.reception.shared.Idempotent.class)
                .check(classes);
    }

    @Test
    void onlyFhirMappersResourcesAndAdaptersUseTheHapiModel() {
        ArchRule rule = noClasses().that().resideOutsideOfPackage(pkg("fhir"))
                .and().haveSimpleNameNotEndingWith("FhirMapper")
                .and().haveSimpleNameNotEndingWith("FhirMapperImpl")
                .and().haveSimpleNameNotEndingWith("FhirResource")
                .and().haveSimpleNameNotEndingWith("InsurerAdapter")
                .should().dependOnClassesThat().resideInAPackage("org.hl7.fhir..");
        rule.check(classes);
    }
}
