package io.github.cnnclassifier.command;

import java.util.Map;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.service.Service;

/** A SciJava context for one test class that runs commands as Fiji's menus run them. */
final class CommandRuns implements BeforeAllCallback, AfterAllCallback {

	private final Class<? extends Service>[] services;
	private Context context;

	/** The context gets these services (CommandService among them) when the class starts. */
	@SafeVarargs
	CommandRuns(final Class<? extends Service>... services) {
		this.services = services;
	}

	@Override
	public void beforeAll(final ExtensionContext extension) {
		context = new Context(services);
	}

	@Override
	public void afterAll(final ExtensionContext extension) {
		context.dispose();
	}

	/** The context's service of this class. */
	<S extends Service> S service(final Class<S> service) {
		return context.service(service);
	}

	/** Runs the command with these inputs, pre- and postprocessed, and waits for it. */
	CommandModule run(final Class<? extends Command> command, final Map<String, Object> inputs)
		throws Exception
	{
		return context.service(CommandService.class).run(command, true, inputs).get();
	}
}
