package dev.authbridge;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The package rules README's layout states, held by ArchUnit on the main classes: each
 * package a slice of its own, so that {@code web} and {@code web.actions} count as two.
 */
@AnalyzeClasses(packages = "dev.authbridge", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	@ArchTest
	static final ArchRule packagesWhenDependingThenNoCycles = slices().matching("dev.authbridge.(**)")
		.should()
		.beFreeOfCycles();

	@ArchTest
	static final ArchRule r2dbcWhenUsedThenOnlyInDb = noClasses().that()
		.resideOutsideOfPackage("dev.authbridge.db..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("io.r2dbc..", "org.springframework.r2dbc..")
		.because("db is the only package touching PostgreSQL");

	@ArchTest
	static final ArchRule graphqlClientWhenUsedThenOnlyInHasura = noClasses().that()
		.resideOutsideOfPackage("dev.authbridge.hasura..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("org.springframework.graphql..", "graphql..")
		.because("hasura is the only GraphQL client");

	/**
	 * Which status, headers and page a client gets is decided where requests are
	 * answered: {@code web}, the development provider's own endpoints ({@code devidp})
	 * and the security chain ({@code config}). The packages below report what happened (a
	 * {@code SignInFailure}) and never a status.
	 */
	@ArchTest
	static final ArchRule responseStatusWhenDecidedThenOnlyWhereRequestsAreAnswered = noClasses().that()
		.resideOutsideOfPackages("dev.authbridge.web..", "dev.authbridge.devidp..", "dev.authbridge.config..")
		.should()
		.dependOnClassesThat()
		.haveFullyQualifiedName("org.springframework.http.HttpStatus")
		.orShould()
		.dependOnClassesThat()
		.haveFullyQualifiedName("org.springframework.web.server.ResponseStatusException")
		.orShould()
		.dependOnClassesThat()
		.haveFullyQualifiedName("org.springframework.web.reactive.function.server.ServerResponse");

}
